#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What a munge credential proved: who encoded it, when, and the payload it carried.
public struct VerifiedCredential: Sendable, Hashable {
    /// The encoding process's effective user id.
    public let uid: UInt32
    /// The encoding process's effective group id.
    public let gid: UInt32
    /// The bytes sealed into the credential.
    public let payload: [UInt8]
    /// When munged encoded the credential (whole seconds).
    public let encodedAt: Date

    /// A verified credential; ``MungeCredentials/decode(_:)`` creates them, tests may too.
    public init(uid: UInt32, gid: UInt32, payload: [UInt8], encodedAt: Date) {
        self.uid = uid
        self.gid = gid
        self.payload = payload
        self.encodedAt = encodedAt
    }
}
