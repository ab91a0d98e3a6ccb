import QPICore
import QPIWire

extension ClusterController {
    /// The caller an HTTP bearer token stands for: the token's owner, with the uid that
    /// owns that user's jobs; and the token's record, which says what kind of token it is.
    ///
    /// Jobs are owned by uid (Authorization compares `Caller.uid` with `Job.uid`), and a job
    /// submitted by `qsub` carries the uid munge proved. So an HTTP caller gets the uid
    /// accounting uses for that name (`accountUID`): the uid recorded in the user's
    /// account, else the passwd database's, else N for `uidN` (how the controller names a
    /// munge caller without a passwd entry). The same person then owns the same jobs through
    /// both front ends. A name with none of these has no uid that could own a job safely
    /// (two such users would share any placeholder uid), so its token is refused.
    public func caller(forAPIToken token: String, daemonUID: UInt32) async throws(WireError) -> (
        caller: Caller, token: APIToken
    ) {
        let record = try await self.verifyAPIToken(token).info
        return (try self.caller(named: record.user, daemonUID: daemonUID), record)
    }

    /// `user`'s account as `caller`, an administrator, sees it: whether the user is one too
    /// (false for a name without a uid on this host), the balance and all-time usage.
    public func userOverview(_ user: String, daemonUID: UInt32, by caller: Caller) async throws(WireError)
        -> UserOverview
    {
        let usage = try await self.accounting(AccountingRequest(users: [user]), by: caller)
        let account = usage.users.first { $0.user == user }
        return UserOverview(
            user: user, isAdmin: (try? self.caller(named: user, daemonUID: daemonUID))?.isAdmin ?? false,
            balance: account?.balance, usedSeconds: account?.usedSeconds ?? 0, jobs: account?.jobs ?? 0)
    }

    /// The caller for a user name proved by other means (a password).
    public func caller(named user: String, daemonUID: UInt32) throws(WireError) -> Caller {
        let uid: UInt32
        do throws(WireError) {
            uid = try self.accountUID(for: user)
        } catch {
            guard error.code == .notFound else { throw error }
            throw WireError(
                .unauthenticated, "user '\(user)' has no account on the controller's host, so no uid can own their jobs"
            )
        }
        return Caller(
            user: user, uid: uid,
            isAdmin: Caller.isAdmin(
                uid: uid, daemonUID: daemonUID, listedInAdminUsers: self.settings.adminUsers.contains(user)))
    }
}
