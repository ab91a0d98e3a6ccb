import Foundation
import JWTKit
import QPIConfig
import QPIWire

/// OpenID Connect sign-in with the authorization-code flow, PKCE (S256), state and nonce.
///
/// ``begin(provider:redirectURI:returnTo:)`` remembers a sign-in and gives the provider's
/// authorization URL; ``complete(provider:state:browserState:code:providerError:)`` takes
/// the provider's answer, trades the code for tokens, checks the ID token, and gives the
/// user it names. Pending sign-ins live in memory for ``pendingLifetime`` and are bounded
/// in number, so anonymous callers cannot grow them without limit, and per client address,
/// so that one client cannot take every place and keep everyone else from signing in.
public actor OIDCSignIn {
    /// The providers, in configuration order.
    public nonisolated let configured: [OAuth2Provider]
    let fetcher: ProviderFetcher
    let now: @Sendable () -> Date

    /// How long a user has between leaving for the provider and coming back.
    public static let pendingLifetime: TimeInterval = 600
    /// Sign-ins that may wait at once; beyond this, new ones are refused until some end.
    public static let maxPending = 1_000
    /// Sign-ins that may wait at once from one client address.
    public static let maxPendingPerAddress = 20
    /// How long discovery documents and keys are trusted before they are fetched again.
    static let cacheLifetime: TimeInterval = 3_600

    struct Pending: Sendable {
        var provider: String
        var secrets: SignInSecrets
        var redirectURI: String
        var returnTo: String
        var address: String?
        var expires: Date
    }

    struct Discovered {
        var metadata: ProviderMetadata
        var keys: ProviderKeys
        var fetched: Date
    }

    private var pending: [String: Pending] = [:]
    private var discovered: [String: Discovered] = [:]

    public init(
        providers: [OAuth2Provider], fetcher: ProviderFetcher = ProviderFetcher(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configured = providers
        self.fetcher = fetcher
        self.now = now
    }

    /// A new sign-in with `provider` from the client at `address`: the URL to send the
    /// browser to, and the state to bind to that browser (a cookie) so that only it can
    /// finish the sign-in.
    public func begin(provider name: String, redirectURI: String, returnTo: String, address: String?)
        async throws(WireError) -> (authorizationURL: String, state: String)
    {
        let provider = try self.provider(name)
        self.dropExpired()
        if let address, self.pending.values.count(where: { $0.address == address }) >= Self.maxPendingPerAddress {
            throw WireError(
                .rateLimited,
                "\(Self.maxPendingPerAddress) sign-ins from \(address) are already waiting for their provider; "
                    + "finish one, or try again within \(Int(Self.pendingLifetime / 60)) minutes")
        }
        guard self.pending.count < Self.maxPending else {
            throw WireError(
                .unavailable, "too many sign-ins are waiting for their provider; try again in a few minutes")
        }
        let metadata = try await self.discover(provider).metadata
        let secrets = SignInSecrets.generate()
        guard var url = URLComponents(string: metadata.authorizationEndpoint) else {
            throw WireError(
                .unavailable, "the provider's authorization endpoint '\(metadata.authorizationEndpoint)' is not a URL")
        }
        url.queryItems =
            (url.queryItems ?? []) + [
                URLQueryItem(name: "response_type", value: "code"),
                URLQueryItem(name: "client_id", value: provider.clientID),
                URLQueryItem(name: "redirect_uri", value: redirectURI),
                URLQueryItem(name: "scope", value: provider.scopes.joined(separator: " ")),
                URLQueryItem(name: "state", value: secrets.state),
                URLQueryItem(name: "nonce", value: secrets.nonce),
                URLQueryItem(name: "code_challenge", value: secrets.codeChallenge),
                URLQueryItem(name: "code_challenge_method", value: "S256"),
            ]
        // A `+` in a query value reads as a space to form decoders; scopes never hold one, but be exact.
        url.percentEncodedQuery = url.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        guard let authorization = url.string else {
            throw WireError(.internal, "cannot build the authorization URL for provider \(name)")
        }
        self.pending[secrets.state] = Pending(
            provider: name, secrets: secrets, redirectURI: redirectURI, returnTo: returnTo, address: address,
            expires: self.now().addingTimeInterval(Self.pendingLifetime))
        return (authorization, secrets.state)
    }

    /// Finishes a sign-in: the user the provider vouched for, and where the browser wanted
    /// to go. `state` is what the provider sent back, `browserState` the cookie of the
    /// browser that came back with it; both must name the same waiting sign-in, which is
    /// then used up whether or not the rest succeeds.
    public func complete(
        provider name: String, state: String?, browserState: String?, code: String?, providerError: String?
    ) async throws(WireError) -> (user: String, returnTo: String) {
        let provider = try self.provider(name)
        self.dropExpired()
        guard let state, !state.isEmpty else {
            throw WireError(.invalidArgument, "the provider's answer has no state", field: "state")
        }
        guard let browserState, browserState == state else {
            throw WireError(
                .invalidArgument,
                "the state does not match this browser's sign-in: start again from the login page", field: "state")
        }
        guard let sign = self.pending.removeValue(forKey: state), sign.provider == name else {
            throw WireError(
                .invalidArgument, "no sign-in is waiting with this state (it expired or was used)", field: "state")
        }
        if let providerError {
            throw WireError(.unauthenticated, "the provider refused the sign-in: \(providerError)")
        }
        guard let code, !code.isEmpty else {
            throw WireError(.invalidArgument, "the provider's answer has no code", field: "code")
        }
        let discovered = try await self.discover(provider)
        let idToken = try await self.exchange(code: code, sign: sign, provider: provider, metadata: discovered.metadata)
        let check = IDTokenCheck(provider: provider, nonce: sign.secrets.nonce, now: self.now())
        let user = try await check.userName(from: idToken, keys: discovered.keys) { () async throws(WireError) in
            try await self.refreshKeys(provider)
        }
        return (user, sign.returnTo)
    }

    /// The provider named `name`; not found names the configuration key.
    public nonisolated func provider(_ name: String) throws(WireError) -> OAuth2Provider {
        guard let provider = self.configured.first(where: { $0.name == name }) else {
            throw WireError(.notFound, "no sign-in provider '\(name)' (OAuth2Providers)", field: "provider")
        }
        return provider
    }

    private func dropExpired() {
        let now = self.now()
        self.pending = self.pending.filter { $0.value.expires > now }
    }

    /// The code traded at the token endpoint, with the PKCE verifier; the ID token it gives.
    private func exchange(code: String, sign: Pending, provider: OAuth2Provider, metadata: ProviderMetadata)
        async throws(WireError) -> String
    {
        var fields = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", sign.redirectURI),
            ("code_verifier", sign.secrets.codeVerifier),
        ]
        let basic = provider.clientSecret.isEmpty ? nil : (provider.clientID, provider.clientSecret)
        if basic == nil { fields.append(("client_id", provider.clientID)) }
        let data = try await self.fetcher.postForm(metadata.tokenEndpoint, fields, basic: basic, what: "token endpoint")
        struct TokenReply: Decodable {
            var idToken: String?
            var error: String?
            var errorDescription: String?
            enum CodingKeys: String, CodingKey {
                case idToken = "id_token", error, errorDescription = "error_description"
            }
        }
        guard let reply = try? JSONDecoder().decode(TokenReply.self, from: data) else {
            throw WireError(.unavailable, "the provider's token endpoint did not answer JSON")
        }
        if let error = reply.error {
            let detail = reply.errorDescription.map { ": \($0)" } ?? ""
            throw WireError(.unauthenticated, "the provider refused the code: \(error)\(detail)")
        }
        guard let idToken = reply.idToken else {
            throw WireError(
                .unavailable, "the provider's token endpoint gave no id_token (is it an OpenID Connect provider?)")
        }
        return idToken
    }

    /// The provider's metadata and keys, fetched on first use and again after ``cacheLifetime``.
    private func discover(_ provider: OAuth2Provider) async throws(WireError) -> Discovered {
        if let known = self.discovered[provider.name], self.now().timeIntervalSince(known.fetched) < Self.cacheLifetime
        {
            return known
        }
        let address =
            (provider.issuer.hasSuffix("/") ? String(provider.issuer.dropLast()) : provider.issuer)
            + "/.well-known/openid-configuration"
        let metadata = try ProviderMetadata.decode(
            try await self.fetcher.get(address, what: "discovery document"), issuer: provider.issuer)
        let keys = try await self.fetchKeys(metadata)
        let fresh = Discovered(metadata: metadata, keys: keys, fetched: self.now())
        self.discovered[provider.name] = fresh
        return fresh
    }

    private func refreshKeys(_ provider: OAuth2Provider) async throws(WireError) -> ProviderKeys {
        let known = try await self.discover(provider)
        let keys = try await self.fetchKeys(known.metadata)
        self.discovered[provider.name]?.keys = keys
        return keys
    }

    private func fetchKeys(_ metadata: ProviderMetadata) async throws(WireError) -> ProviderKeys {
        let data = try await self.fetcher.get(metadata.jwksURI, what: "key set")
        let collection = JWTKeyCollection()
        let jwks: JWKS
        do {
            jwks = try JSONDecoder().decode(JWKS.self, from: data)
            try await collection.add(jwks: jwks)
        } catch {
            throw WireError(.unavailable, "the provider's key set is not usable: \(IDTokenCheck.reason(error))")
        }
        return ProviderKeys(collection: collection, ids: Set(jwks.keys.compactMap { $0.keyIdentifier?.string }))
    }
}
