import Crypto

/// Signs a message body with a munge credential whose payload is the body's SHA-256
/// digest, and checks such credentials: the credential then vouches for this body only.
public struct RequestSigner: Sendable {
    public let munge: MungeCredentials

    public init(munge: MungeCredentials) {
        self.munge = munge
    }

    /// - Parameter ttl: seconds the credential stays valid; nil for munged's default.
    public func sign(_ body: [UInt8], ttl: Int? = nil) throws(MungeError) -> String {
        try self.munge.encode(payload: Array(SHA256.hash(data: body)), ttl: ttl)
    }

    /// The verified credential if it is valid and covers `body`; nil when the digest differs.
    public func verify(_ credential: String, body: [UInt8]) throws(MungeError) -> VerifiedCredential? {
        let verified = try self.munge.decode(credential)
        return verified.payload == Array(SHA256.hash(data: body)) ? verified : nil
    }
}
