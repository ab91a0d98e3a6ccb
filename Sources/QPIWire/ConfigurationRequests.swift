/// Re-reads `qpi.conf` in the running controller (`qctl reconfigure`, like SIGHUP); admins only.
public struct ReconfigureRequest: WireRequest {
    public static let type = "reconfigure"
    public init() {}

    public struct Response: Codable, Sendable, Hashable {
        /// The file read, or nil when none was found.
        public var path: String?
        /// Keys whose new values are in force.
        public var applied: [String]
        /// Keys whose values changed in the file but apply only after a restart.
        public var needRestart: [String]

        public init(path: String?, applied: [String], needRestart: [String]) {
            self.path = path
            self.applied = applied
            self.needRestart = needRestart
        }
    }
}

/// The controller's effective configuration (`qctl show config`).
public struct ShowConfigRequest: WireRequest {
    public static let type = "show-config"
    public init() {}

    public struct Response: Codable, Sendable, Hashable {
        /// The file read at start or at the last reconfigure, or nil when none was found.
        public var path: String?
        public var entries: [ConfigEntry]
        /// QPUs declared by `QPUName=` lines, as `NAME (EXECUTOR, N qubits)`.
        public var qpus: [String]

        public init(path: String?, entries: [ConfigEntry], qpus: [String]) {
            self.path = path
            self.entries = entries
            self.qpus = qpus
        }
    }
}

/// One key's effective value in the running controller.
public struct ConfigEntry: Codable, Sendable, Hashable {
    public var key: String
    public var value: String
    /// `flag`, `env`, `file` or `default`.
    public var source: String
    /// The flag, variable or `file:line` that set it; `default` for a default.
    public var origin: String
    /// Whether `qctl reconfigure` applies a change of it without a restart.
    public var live: Bool

    public init(key: String, value: String, source: String, origin: String, live: Bool) {
        self.key = key
        self.value = value
        self.source = source
        self.origin = origin
        self.live = live
    }
}
