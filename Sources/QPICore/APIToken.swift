/// A user's API token as the store keeps it and `qctl token list|show` shows it: never
/// the token itself (the store keeps only its hash, apart from this record).
public struct APIToken: Sendable, Hashable, Codable {
    public var id: Int64
    public var user: String
    public var name: String
    public var createdAt: Double
    /// Seconds since the epoch after which the token is refused; nil never expires.
    public var expiresAt: Double?
    public var revokedAt: Double?
    public var lastUsedAt: Double?

    public init(
        id: Int64, user: String, name: String, createdAt: Double, expiresAt: Double?, revokedAt: Double?,
        lastUsedAt: Double?
    ) {
        self.id = id
        self.user = user
        self.name = name
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }

    /// The name of every token `POST /api/auth/login` hands out, and of no other: users
    /// cannot choose it.
    public static let loginSessionName = "login"

    /// Whether this token is a password login's session, which may not make tokens or
    /// change expiries (a stolen password must not buy a lasting token).
    public var isLoginSession: Bool { self.name == Self.loginSessionName }
}
