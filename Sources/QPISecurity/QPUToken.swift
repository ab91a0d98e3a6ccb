/// A QPU's access token as `qctl qpu create` prints it: `QPU.SECRET`.
///
/// The QPU's name travels with the secret so that `qpid --token T` needs no other
/// argument to find its QPU; the name is no secret (it is in `qinfo`), and the secret part
/// alone carries the token's 256 random bits. Base64url never contains `.`, so the last
/// `.` separates the two even when the QPU's name has dots.
public struct QPUToken: Sendable, Hashable, CustomStringConvertible {
    public let qpu: String
    public let secret: String

    /// A new random token for `qpu`.
    public static func generate(for qpu: String) -> QPUToken {
        QPUToken(qpu: qpu, secret: SecretToken.generateSecret())
    }

    /// Parses `QPU.SECRET`; nil when either part is missing.
    public init?(_ text: String) {
        guard let dot = text.lastIndex(of: "."), dot != text.startIndex else { return nil }
        let secret = text[text.index(after: dot)...]
        guard !secret.isEmpty else { return nil }
        self.qpu = String(text[..<dot])
        self.secret = String(secret)
    }

    init(qpu: String, secret: String) {
        self.qpu = qpu
        self.secret = secret
    }

    public var description: String { "\(self.qpu).\(self.secret)" }

    /// What the store keeps: the hash of the whole token, so a token cannot be moved to another QPU.
    public var hash: String { SecretToken.hash(self.description) }
}
