/// Sets a user's HTTP login password (`qctl user passwd`); administrators only. The
/// password travels inside the munge-signed request and is stored only as a scrypt hash.
public struct SetPasswordRequest: WireRequest {
    public static let type = "set_password"
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    public struct Response: Codable, Sendable, Hashable {
        public var user: String
        public init(user: String) { self.user = user }
    }
}
