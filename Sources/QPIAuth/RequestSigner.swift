import Crypto

/// Signs a message body with a munge credential whose payload names the cluster and holds
/// the body's SHA-256 digest, and checks such credentials: the credential then vouches for
/// this body, sent to this cluster, only. Clusters that share a munge key (a test cluster
/// beside production) cannot replay each other's requests.
public struct RequestSigner: Sendable {
    public let munge: MungeCredentials
    /// `ClusterName`: the cluster credentials are made for and accepted from.
    public let cluster: String

    /// What a credential turned out to be.
    public enum Check: Sendable, Hashable {
        case valid(VerifiedCredential)
        /// Made for another body (or by another signer scheme).
        case otherBody
        /// Made for this body, but for the cluster named.
        case otherCluster(String)
    }

    public init(munge: MungeCredentials, cluster: String) {
        self.munge = munge
        self.cluster = cluster
    }

    /// - Parameter ttl: seconds the credential stays valid; nil for munged's default.
    public func sign(_ body: [UInt8], ttl: Int? = nil) throws(MungeError) -> String {
        try self.munge.encode(payload: Self.payload(cluster: self.cluster, body: body), ttl: ttl)
    }

    /// The verified credential if it is valid, for this cluster, and covers `body`; nil otherwise.
    public func verify(_ credential: String, body: [UInt8]) throws(MungeError) -> VerifiedCredential? {
        if case .valid(let verified) = try self.check(credential, body: body) { return verified }
        return nil
    }

    /// Decodes `credential` and says whether it covers `body` for this cluster, and if
    /// not, whether it was made for another cluster.
    public func check(_ credential: String, body: [UInt8]) throws(MungeError) -> Check {
        let verified = try self.munge.decode(credential)
        let digest = Array(SHA256.hash(data: body))
        let payload = verified.payload
        guard payload.count > digest.count, Array(payload.suffix(digest.count)) == digest else { return .otherBody }
        let head = Array(payload.dropLast(digest.count))
        guard head.starts(with: Self.prefix), head.last == UInt8(ascii: "\n") else { return .otherBody }
        let cluster = String(decoding: head.dropFirst(Self.prefix.count).dropLast(), as: UTF8.self)
        return cluster == self.cluster ? .valid(verified) : .otherCluster(cluster)
    }

    private static let prefix = Array("qpi/".utf8)

    private static func payload(cluster: String, body: [UInt8]) -> [UInt8] {
        Self.prefix + Array("\(cluster)\n".utf8) + Array(SHA256.hash(data: body))
    }
}
