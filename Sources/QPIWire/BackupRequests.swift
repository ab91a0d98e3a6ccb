/// `qctl backup FILE`: the controller writes a consistent copy of its state database to
/// FILE, a path on the controller's host, while it goes on serving. Admins only.
public struct BackupRequest: WireRequest {
    public static let type = "backup"

    /// An absolute path on the controller's host, in a directory the controller may write.
    public var path: String
    /// Replace an existing file instead of refusing it.
    public var force: Bool

    public init(path: String, force: Bool = false) {
        self.path = path
        self.force = force
    }

    public struct Response: Codable, Sendable, Hashable {
        public var path: String
        public var bytes: Int64
        public var schemaVersion: Int

        public init(path: String, bytes: Int64, schemaVersion: Int) {
            self.path = path
            self.bytes = bytes
            self.schemaVersion = schemaVersion
        }
    }
}
