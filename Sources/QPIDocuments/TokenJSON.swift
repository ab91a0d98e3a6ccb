public import FoundationEssentials
public import QPICore

/// An API token's record; never its secret. `revoked_at` null: not revoked; `expires_at`
/// null: never expires.
public struct TokenJSON: Codable, Sendable, Hashable {
    public var id: Int64
    public var user: String
    public var name: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var lastUsedAt: Date?

    public init(_ token: APIToken) {
        self.id = token.id
        self.user = token.user
        self.name = token.name
        self.createdAt = Date(timeIntervalSince1970: token.createdAt)
        self.expiresAt = Date(epochSeconds: token.expiresAt)
        self.revokedAt = Date(epochSeconds: token.revokedAt)
        self.lastUsedAt = Date(epochSeconds: token.lastUsedAt)
    }

    enum CodingKeys: String, CodingKey { case id, user, name, createdAt, expiresAt, revokedAt, lastUsedAt }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.id, forKey: .id)
        try container.encode(self.user, forKey: .user)
        try container.encode(self.name, forKey: .name)
        try container.encode(self.createdAt, forKey: .createdAt)
        try container.encode(self.expiresAt, forKey: .expiresAt)
        try container.encode(self.revokedAt, forKey: .revokedAt)
        try container.encode(self.lastUsedAt, forKey: .lastUsedAt)
    }
}

/// A token just made: the secret, shown only in this document, and its record.
public struct CreatedTokenJSON: Codable, Sendable, Hashable {
    public var token: String
    public var info: TokenJSON

    public init(token: String, info: TokenJSON) {
        self.token = token
        self.info = info
    }
}
