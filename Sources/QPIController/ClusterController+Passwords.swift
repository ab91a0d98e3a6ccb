import Logging
import QPICore
import QPISecurity
import QPIStore
import QPIWire

/// Login passwords for the HTTP API: set by administrators, kept as scrypt hashes, and
/// exchanged at login for a short-lived API token (the same machinery as `qctl token`).
///
/// Hashing takes tens of milliseconds and 32 MiB by design, so it runs outside the actor and
/// off the cooperative pool, on ``passwordHashing``: two at a time, a few more queued, the
/// rest refused. A flood of logins then costs a bounded 100-odd MiB and never stalls
/// scheduling or other requests.
extension ClusterController {
    /// Where every password is hashed and checked.
    static let passwordHashing = BlockingWorkPool(name: "password checks", width: 2, queueLimit: 8)

    /// What a name without a password is checked against, so that its refusal takes as long
    /// as a wrong password's and the answer's timing does not tell which names have one.
    static let unknownUserHash: String =
        (try? PasswordHash.make(SecretToken.generateSecret())) ?? "scrypt$\(PasswordHash.rounds)$8$1$$"

    /// Sets `user`'s login password (administrators only).
    nonisolated public func setPassword(_ password: String, for user: String, by caller: Caller) async throws(WireError)
    {
        try Authorization.check(.setPasswords, by: caller)
        guard password.count >= PasswordHash.minimumLength else {
            throw WireError(
                .invalidArgument, "a password needs at least \(PasswordHash.minimumLength) characters",
                field: "password")
        }
        guard !user.isEmpty else { throw WireError(.invalidArgument, "the user name is empty", field: "user") }
        let hash = try await Self.passwordHashing.run { try? PasswordHash.make(password) }
        do {
            guard let hash else { throw WireError(.internal, "cannot hash the password") }
            try await self.store.setPasswordHash(hash, for: user, time: self.now())
        } catch {
            throw WireError(.unavailable, "cannot store the password of \(user): \(error)")
        }
        // A new password ends the sessions the old one opened: whoever knew it is logged out.
        do {
            let now = self.now()
            for token in try self.store.apiTokens(user: user) where token.isLoginSession && token.revokedAt == nil {
                defer { self.apiTokens.forget(token.id) }
                try await self.store.revokeAPIToken(id: token.id, time: now)
            }
        } catch {
            throw WireError(
                .unavailable, "the password of \(user) was set, but its login sessions could not be ended: \(error)")
        }
        self.logger.notice("password set", metadata: ["user": "\(user)", "by": "\(caller.user)"])
    }

    /// A token valid for `lifetime` seconds when `password` is `user`'s; one refusal for
    /// an unknown user and a wrong password alike, so the answer reveals no user names.
    nonisolated public func login(user: String, password: String, lifetime: Double, daemonUID: UInt32)
        async throws(WireError)
        -> (token: TokenCreateRequest.Response, caller: Caller)
    {
        let refused = WireError(.unauthenticated, "wrong user name or password")
        let stored: String?
        do {
            stored = try self.store.passwordHash(of: user)
        } catch {
            throw WireError(.unavailable, "cannot read passwords: \(error)")
        }
        let matches = try await Self.passwordHashing.run {
            PasswordHash.verify(password, against: stored ?? Self.unknownUserHash)
        }
        guard stored != nil, matches else { throw refused }
        return try await self.openLoginSession(for: user, lifetime: lifetime, daemonUID: daemonUID, via: "password")
    }

    /// A token valid for `lifetime` seconds for `user`, whom the OpenID Connect provider
    /// `provider` has vouched for (the HTTP front end checked its ID token). The user needs
    /// an account on the controller's host, as for a password login.
    nonisolated public func signIn(user: String, via provider: String, lifetime: Double, daemonUID: UInt32)
        async throws(WireError) -> (token: TokenCreateRequest.Response, caller: Caller)
    {
        try await self.openLoginSession(for: user, lifetime: lifetime, daemonUID: daemonUID, via: "oauth2:\(provider)")
    }

    private func openLoginSession(for user: String, lifetime: Double, daemonUID: UInt32, via method: String)
        async throws(WireError) -> (token: TokenCreateRequest.Response, caller: Caller)
    {
        let caller = try self.caller(named: user, daemonUID: daemonUID)
        let token = try await self.storeAPIToken(
            TokenCreateRequest(name: APIToken.loginSessionName, expiresInSeconds: lifetime), by: caller)
        self.logger.info("login", metadata: ["user": "\(user)", "token": "\(token.info.id)", "method": "\(method)"])
        return (token, caller)
    }
}
