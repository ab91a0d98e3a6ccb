import QPICore
import QPISecurity
import QPIStore
import QPIWire

/// API tokens for the HTTP API: created for the caller (admins: for anyone), shown once,
/// kept as SHA-256 hashes, checked in constant time, refused once expired or revoked.
///
/// A token reads `qpi_ID.SECRET`: the id finds the stored hash without a lookup by secret.
///
/// Tokens need only the store and ``APITokenCache``, so all of this runs outside the actor.
extension ClusterController {
    static let apiTokenPrefix = "qpi_"

    nonisolated public func createAPIToken(_ request: TokenCreateRequest, by caller: Caller) async throws(WireError)
        -> TokenCreateRequest.Response
    {
        guard request.name != APIToken.loginSessionName else {
            throw WireError(
                .invalidArgument, "'\(APIToken.loginSessionName)' names password login sessions; choose another name",
                field: "name")
        }
        return try await self.storeAPIToken(request, by: caller)
    }

    /// Creates a token for `request`, whatever its name.
    nonisolated func storeAPIToken(_ request: TokenCreateRequest, by caller: Caller) async throws(WireError)
        -> TokenCreateRequest.Response
    {
        let owner = request.user ?? caller.user
        try Authorization.check(.manageTokens, ownedBy: owner, by: caller)
        if let seconds = request.expiresInSeconds, !(seconds > 0) {
            throw WireError(.invalidArgument, "the expiry must be in the future", field: "expires")
        }
        let name = request.name ?? "token"
        guard !name.isEmpty, name.count <= 128 else {
            throw WireError(.invalidArgument, "a token name must have 1 to 128 characters", field: "name")
        }
        let secret = SecretToken.generateSecret()
        let now = self.now()
        do {
            let record = try await self.store.createAPIToken(
                user: owner, name: name, expiresAt: request.expiresInSeconds.map { now + $0 }, time: now
            ) { id in SecretToken.hash(Self.apiToken(id: id, secret: secret)) }
            return TokenCreateRequest.Response(
                info: record, token: Self.apiToken(id: record.id, secret: secret))
        } catch {
            throw WireError(.unavailable, "cannot store the API token: \(error)")
        }
    }

    nonisolated public func listAPITokens(_ request: TokenListRequest, by caller: Caller) async throws(WireError)
        -> TokenListRequest.Response
    {
        let user: String? = caller.isAdmin ? request.user : caller.user
        if let wanted = request.user { try Authorization.check(.manageTokens, ownedBy: wanted, by: caller) }
        return TokenListRequest.Response(
            tokens: try await self.readStore("API tokens") { try $0.apiTokens(user: user) })
    }

    nonisolated public func showAPIToken(_ id: Int64, by caller: Caller) async throws(WireError) -> TokenInfoResponse {
        TokenInfoResponse(info: try await self.ownedToken(id, by: caller))
    }

    nonisolated public func updateAPIToken(_ request: TokenUpdateRequest, by caller: Caller) async throws(WireError)
        -> TokenInfoResponse
    {
        _ = try await self.ownedToken(request.id, by: caller)
        if let name = request.name, name.isEmpty || name.count > 128 {
            throw WireError(.invalidArgument, "a token name must have 1 to 128 characters", field: "name")
        }
        if request.name == APIToken.loginSessionName {
            throw WireError(
                .invalidArgument, "'\(APIToken.loginSessionName)' names password login sessions; choose another name",
                field: "name")
        }
        if let seconds = request.expiresInSeconds, !(seconds > 0) {
            throw WireError(.invalidArgument, "the expiry must be in the future", field: "expires")
        }
        let expiry: Double?? =
            request.neverExpires ? .some(nil) : request.expiresInSeconds.map { .some(self.now() + $0) }
        defer { self.apiTokens.forget(request.id) }
        do {
            let record = try await self.store.updateAPIToken(id: request.id, name: request.name, expiresAt: expiry)
            return TokenInfoResponse(info: record)
        } catch {
            throw WireError(.unavailable, "cannot update API token \(request.id): \(error)")
        }
    }

    nonisolated public func revokeAPIToken(_ id: Int64, by caller: Caller) async throws(WireError)
        -> TokenInfoResponse
    {
        _ = try await self.ownedToken(id, by: caller)
        do {
            defer { self.apiTokens.forget(id) }
            try await self.store.revokeAPIToken(id: id, time: self.now())
        } catch {
            throw WireError(.unavailable, "cannot revoke API token \(id): \(error)")
        }
        return TokenInfoResponse(info: try await self.ownedToken(id, by: caller))
    }

    /// How stale a token's `last_used_at` may get, in seconds.
    static let tokenUseInterval = 60.0

    /// Who `token` belongs to; refused when unknown, wrong, revoked or expired. Its
    /// `last_used_at` is brought up to date when it is ``tokenUseInterval`` old or more.
    ///
    /// Every HTTP request but a login comes through here, so it stays off the actor: the
    /// token is read from the store (no cache, so a revocation holds from the next request)
    /// on the store-read threads.
    nonisolated public func verifyAPIToken(_ token: String) async throws(WireError) -> TokenInfoResponse {
        let refused = WireError(.unauthenticated, "invalid API token")
        guard token.hasPrefix(Self.apiTokenPrefix), let dot = token.firstIndex(of: "."),
            let id = Int64(token[token.index(token.startIndex, offsetBy: Self.apiTokenPrefix.count)..<dot])
        else { throw refused }
        let found: APITokenCache.Entry?
        if let cached = self.apiTokens.entry(id) {
            found = cached
        } else {
            let generation = self.apiTokens.generation
            found = try await self.readStore("API tokens") { try $0.apiToken(id: id) }.map {
                APITokenCache.Entry(record: $0.record, hash: $0.hash)
            }
            if let found { self.apiTokens.fill(id, found, readAt: generation) }
        }
        guard let found, SecretToken.matches(token, storedHash: found.hash) else { throw refused }
        if found.record.revokedAt != nil { throw WireError(.unauthenticated, "API token \(id) was revoked") }
        let now = self.now()
        if let expiry = found.record.expiresAt, expiry <= now {
            throw WireError(.unauthenticated, "API token \(id) expired")
        }
        // Every HTTP request verifies its token: a commit awaited on each would cost them all,
        // so the use is recorded only when the last record is a minute old.
        if now - (found.record.lastUsedAt ?? -.infinity) >= Self.tokenUseInterval {
            self.apiTokens.noteUsed(id, at: now)
            try? await self.store.touchAPIToken(id: id, time: now)
        }
        return TokenInfoResponse(info: found.record)
    }

    nonisolated private func ownedToken(_ id: Int64, by caller: Caller) async throws(WireError) -> APIToken {
        let found = try await self.readStore("API tokens") { try $0.apiToken(id: id)?.record }
        // Someone else's token is reported as missing, so ids reveal nothing to non-owners.
        guard let record = found, caller.isAdmin || record.user == caller.user else {
            throw WireError(.notFound, "no API token \(id) of yours", field: "id")
        }
        return record
    }

    static func apiToken(id: Int64, secret: String) -> String {
        "\(Self.apiTokenPrefix)\(id).\(secret)"
    }

}
