import QPIAuth
import QPIController
import QPIWire

/// Authenticates command requests by munge: the credential must be valid, unexpired,
/// not replayed, and carry the SHA-256 digest of the request body.
///
/// uid 0, the controller's own uid and the users named in AdminUsers are admins; those
/// named in NodeUsers may run node daemons.
///
/// Decoding is a round trip to munged, and looking up the uid's name may be one to a
/// directory service: both run on ``credentialChecks``, so a munged that stalls delays the
/// requests it must vouch for and nothing else (commands on the local socket, the
/// scheduler, nodes already linked).
public struct MungeAuthenticator: RequestAuthenticator {
    /// Where credentials are decoded; beyond its queue, requests are refused as busy.
    static let credentialChecks = BlockingWorkPool(name: "credential checks", width: 4, queueLimit: 512)

    let signer: RequestSigner
    let directory = UserDirectory()
    /// Shared with the reconfigure path, which replaces the set while requests are served.
    let adminUsers: UserRoster
    let nodeUsers: UserRoster
    let daemonUID: UInt32

    public init(
        munge: MungeCredentials, cluster: String, adminUsers: Set<String>, nodeUsers: Set<String> = [],
        daemonUID: UInt32
    ) {
        self.signer = RequestSigner(munge: munge, cluster: cluster)
        self.adminUsers = UserRoster(adminUsers)
        self.nodeUsers = UserRoster(nodeUsers)
        self.daemonUID = daemonUID
    }

    public func authenticate(credential: String, body: [UInt8]) async throws(WireError) -> Caller {
        guard !credential.isEmpty else {
            throw WireError(.unauthenticated, "the request carries no munge credential")
        }
        return try await Self.credentialChecks.run {
            Result { () throws(WireError) in try self.verifiedCaller(credential: credential, body: body) }
        }.get()
    }

    /// The caller `credential` vouches for, if it covers `body` for this cluster; blocks on
    /// munged.
    private func verifiedCaller(credential: String, body: [UInt8]) throws(WireError) -> Caller {
        let verified: VerifiedCredential
        do {
            switch try self.signer.check(credential, body: body) {
            case .valid(let credential): verified = credential
            case .otherBody: throw WireError(.unauthenticated, "munge credential does not match the request body")
            case .otherCluster(let other):
                throw WireError(
                    .unauthenticated,
                    "munge credential made for cluster '\(other)', not this one ('\(self.signer.cluster)'); "
                        + "check ClusterName in the client's qpi.conf")
            }
        } catch let error as WireError {
            throw error
        } catch {
            throw WireError(.unauthenticated, "munge credential refused: \(error)")
        }
        return self.caller(uid: verified.uid)
    }

    /// The same caller a munge credential from `peerUID` makes: the kernel's word on a
    /// local socket is as good as munged's.
    public func caller(peerUID: UInt32) throws(WireError) -> Caller {
        self.caller(uid: peerUID)
    }

    private func caller(uid: UInt32) -> Caller {
        let user = self.directory.name(for: uid)
        let isAdmin = Caller.isAdmin(
            uid: uid, daemonUID: self.daemonUID, listedInAdminUsers: self.adminUsers.contains(user))
        return Caller(user: user, uid: uid, isAdmin: isAdmin, mayRunNodes: self.nodeUsers.contains(user))
    }
}
