/// Where each key's effective value came from, for `qctl show config`.
public struct ConfigurationSources: Sendable, Hashable {
    /// By key name; a key absent here has its default.
    let locations: [String: ConfigurationLocation]

    /// Keys that one setting changes together: `PortRange` sets both bounds, and either
    /// bound changes the range; `DebugLevel` and `LogLevel` are one setting.
    private static let linkedKeys: [String: [String]] = [
        "PortRange": ["PortRangeStart", "PortRangeEnd"],
        "PortRangeStart": ["PortRange"],
        "PortRangeEnd": ["PortRange"],
        "DebugLevel": ["LogLevel"],
        "LogLevel": ["DebugLevel"],
    ]

    /// No origins known: every key reads as its default's. For a configuration built in
    /// code rather than loaded.
    public init() {
        self.locations = [:]
    }

    init(locations: [String: ConfigurationLocation]) {
        self.locations = locations
    }

    /// The location of the setting that wins for each key: the last one of the highest layer.
    init(layers: [[Setting]]) {
        var locations: [String: ConfigurationLocation] = [:]
        for setting in layers.joined() {
            for name in [setting.key.name] + (Self.linkedKeys[setting.key.name] ?? []) {
                locations[name] = setting.location
            }
        }
        self.locations = locations
    }

    /// Where `key`'s value was set, or nil when it has its default.
    public func location(of key: ConfigurationKey) -> ConfigurationLocation? {
        self.locations[key.name]
    }
}

/// A configuration together with where each value came from.
public struct LoadedConfiguration: Sendable, Equatable {
    public var configuration: QPIConfiguration
    public var sources: ConfigurationSources

    public init(configuration: QPIConfiguration, sources: ConfigurationSources) {
        self.configuration = configuration
        self.sources = sources
    }

    /// Every key with its effective value and origin, in `ConfigurationLoader.keys` order.
    public var entries: [ConfigurationEntry] {
        ConfigurationKey.all.map { key in
            ConfigurationEntry(
                key: key, value: key.binding.render(self.configuration), location: self.sources.location(of: key))
        }
    }
}

/// One key's effective value and where it was set (nil: its default).
public struct ConfigurationEntry: Sendable, Hashable {
    public let key: ConfigurationKey
    public let value: String
    public let location: ConfigurationLocation?

    /// `flag`, `env`, `file` or `default`.
    public var sourceKind: String {
        switch self.location {
        case .commandLine: "flag"
        case .environment: "env"
        case .file: "file"
        case nil: "default"
        }
    }

    /// `--idle-threshold`, `QPI_IDLE_THRESHOLD`, `etc/qpi.conf:12` or `default`.
    public var sourceDescription: String {
        self.location.map(\.description) ?? "default"
    }
}
