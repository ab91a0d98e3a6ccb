public import Crypto
import Foundation

/// The SHA-256 digest of a certificate's DER bytes, as `qctl qpu create` prints it and
/// `qpid --ca-fingerprint` pins it: 32 bytes in upper-case hex pairs joined by colons,
/// the way `openssl x509 -fingerprint -sha256` shows them.
public struct CertificateFingerprint: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(der: [UInt8]) {
        self.bytes = Array(SHA256.hash(data: der))
    }

    /// Parses a fingerprint with or without colons or spaces, in either case, with or
    /// without a `sha256:` (or `SHA256 Fingerprint=`) prefix; nil unless it is 32 bytes of hex.
    public init?(_ text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        for prefix in ["sha256 fingerprint=", "sha256:", "sha256="] where rest.lowercased().hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
        }
        let digits = rest.filter { $0 != ":" && $0 != " " }
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.bytes = bytes
    }

    public var description: String {
        self.bytes.map { SecretToken.hex([$0]).uppercased() }.joined(separator: ":")
    }
}
