import QPICore

/// Creates an API token for the caller, or for `user` (admins only) (`qctl token create`).
public struct TokenCreateRequest: WireRequest {
    public static let type = "token_create"
    public var name: String?
    /// Lifetime in seconds; nil never expires.
    public var expiresInSeconds: Double?
    public var user: String?

    public init(name: String? = nil, expiresInSeconds: Double? = nil, user: String? = nil) {
        self.name = name
        self.expiresInSeconds = expiresInSeconds
        self.user = user
    }

    public struct Response: Codable, Sendable, Hashable {
        public var info: APIToken
        /// The token, shown this once; the controller keeps only its hash.
        public var token: String
        public init(info: APIToken, token: String) {
            self.info = info
            self.token = token
        }
    }
}

/// The caller's API tokens; admins see everyone's, or `user`'s (`qctl token list`).
public struct TokenListRequest: WireRequest {
    public static let type = "token_list"
    public var user: String?
    public init(user: String? = nil) { self.user = user }

    public struct Response: Codable, Sendable, Hashable {
        public var tokens: [APIToken]
        public init(tokens: [APIToken]) { self.tokens = tokens }
    }
}

/// One API token (`qctl token show ID`).
public struct TokenShowRequest: WireRequest {
    public static let type = "token_show"
    public var id: Int64
    public init(id: Int64) { self.id = id }
    public typealias Response = TokenInfoResponse
}

/// Renames an API token or changes its expiry (`qctl token update ID`).
public struct TokenUpdateRequest: WireRequest {
    public static let type = "token_update"
    public var id: Int64
    public var name: String?
    /// New lifetime in seconds from now.
    public var expiresInSeconds: Double?
    /// Makes the token never expire.
    public var neverExpires: Bool

    public init(id: Int64, name: String? = nil, expiresInSeconds: Double? = nil, neverExpires: Bool = false) {
        self.id = id
        self.name = name
        self.expiresInSeconds = expiresInSeconds
        self.neverExpires = neverExpires
    }
    public typealias Response = TokenInfoResponse
}

/// Revokes an API token for good (`qctl token revoke ID`).
public struct TokenRevokeRequest: WireRequest {
    public static let type = "token_revoke"
    public var id: Int64
    public init(id: Int64) { self.id = id }
    public typealias Response = TokenInfoResponse
}

/// Checks an API token and names its user: what the HTTP API asks for each bearer token.
public struct TokenVerifyRequest: WireRequest {
    public static let type = "token_verify"
    public var token: String
    public init(token: String) { self.token = token }
    public typealias Response = TokenInfoResponse
}

public struct TokenInfoResponse: Codable, Sendable, Hashable {
    public var info: APIToken
    public init(info: APIToken) { self.info = info }
}
