public import Crypto
import Foundation

/// Random access tokens and how they are kept: only the SHA-256 digest of a token is ever
/// stored, and a presented token is checked against it in constant time, so neither a
/// database dump nor timing reveals a usable token.
public enum SecretToken {
    /// Bytes of randomness in a token's secret part: 256 bits, above the 128 a guess must face.
    public static let secretBytes = 32

    /// A fresh secret: `secretBytes` random bytes from the system's CSPRNG, base64url without padding.
    public static func generateSecret() -> String {
        let key = SymmetricKey(size: .init(bitCount: Self.secretBytes * 8))
        let bytes = key.withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// What the store keeps of `token`: `sha256:` and the digest in lower-case hex.
    public static func hash(_ token: String) -> String {
        "sha256:" + Self.hex(SHA256.hash(data: Data(token.utf8)))
    }

    /// Whether `token` hashes to `storedHash`, compared in time independent of where they differ.
    public static func matches(_ token: String, storedHash: String) -> Bool {
        let presented = Array(Self.hash(token).utf8)
        let stored = Array(storedHash.utf8)
        guard presented.count == stored.count else { return false }
        var difference: UInt8 = 0
        for index in presented.indices {
            difference |= presented[index] ^ stored[index]
        }
        return difference == 0
    }

    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        bytes.map { byte in
            let text = String(byte, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
    }
}
