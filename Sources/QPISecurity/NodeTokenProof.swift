public import Crypto
import Foundation

/// How a registered node proves it holds its QPU's token before the controller tells it
/// anything, without sending the token over the plain command port: an HMAC-SHA256 over
/// the controller's challenge and the QPU's name, keyed by the token's hash (which the
/// controller stores and the node computes). Someone who read the controller's database
/// could answer too, but learns only the CA and a port, which are no secrets.
public enum NodeTokenProof {
    /// The proof a node sends for `challenge`, as lower-case hex.
    public static func prove(_ token: QPUToken, challenge: String) -> String {
        SecretToken.hex(Self.code(keyHash: token.hash, qpu: token.qpu, challenge: challenge))
    }

    /// Whether `proof` answers `challenge` for `qpu` under the token whose stored hash is
    /// `tokenHash`, compared in constant time.
    public static func verify(_ proof: String, tokenHash: String, qpu: String, challenge: String) -> Bool {
        guard let bytes = Self.bytes(ofHex: proof) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(
            bytes, authenticating: Self.message(qpu: qpu, challenge: challenge),
            using: SymmetricKey(data: Data(tokenHash.utf8)))
    }

    private static func code(keyHash: String, qpu: String, challenge: String) -> HashedAuthenticationCode<SHA256> {
        HMAC<SHA256>.authenticationCode(
            for: Self.message(qpu: qpu, challenge: challenge), using: SymmetricKey(data: Data(keyHash.utf8)))
    }

    private static func message(qpu: String, challenge: String) -> Data {
        Data("qpi node bootstrap\n\(qpu)\n\(challenge)".utf8)
    }

    static func bytes(ofHex text: String) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count / 2)
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}

/// Challenges the controller issues to bootstrapping nodes, checked without keeping any:
/// each is `ISSUED.MAC`, a MAC under a key of this controller's run over the QPU's name and
/// the time it was issued, so it is good for one QPU, for ``lifetime`` seconds, until the
/// controller restarts.
public struct NodeChallenges: Sendable {
    /// Seconds a challenge may be answered after it was issued.
    public static let lifetime = 60.0
    private let key = SymmetricKey(size: .bits256)

    public init() {}

    /// A fresh challenge for `qpu` at `now` (seconds since 1970).
    public func issue(for qpu: String, now: Double) -> String {
        let issued = String(Int64(now.rounded(.down)))
        return "\(issued).\(SecretToken.hex(self.code(qpu: qpu, issued: issued)))"
    }

    /// Whether `challenge` was issued by this controller for `qpu`, no more than
    /// ``lifetime`` seconds before `now`.
    public func isValid(_ challenge: String, for qpu: String, now: Double) -> Bool {
        let parts = challenge.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let issuedAt = Int64(parts[0]), let mac = NodeTokenProof.bytes(ofHex: String(parts[1]))
        else { return false }
        let age = now - Double(issuedAt)
        guard age >= -1, age <= Self.lifetime else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(
            mac, authenticating: Self.message(qpu: qpu, issued: String(parts[0])), using: self.key)
    }

    private func code(qpu: String, issued: String) -> HashedAuthenticationCode<SHA256> {
        HMAC<SHA256>.authenticationCode(for: Self.message(qpu: qpu, issued: issued), using: self.key)
    }

    private static func message(qpu: String, issued: String) -> Data {
        Data("\(qpu)\n\(issued)".utf8)
    }
}
