/// One configuration key and every way to set it: its `qpi.conf` name, its `qpictld`
/// flag and its `QPI_*` environment variable, with the default and a line of help.
public struct ConfigurationKey: Sendable {
    /// Canonical CamelCase name, as written in `qpi.conf` and in messages: `IdleThreshold`.
    public let name: String
    /// The `qpictld` flag, with its dashes: `--idle-threshold`.
    public let flag: String
    /// The environment variable: `QPI_IDLE_THRESHOLD`.
    public let environmentVariable: String
    /// The default as it would be written in `qpi.conf`; empty when the default is empty.
    public let defaultText: String
    /// One line on what the key does and its unit.
    public let help: String

    let binding: KeyBinding

    /// - Parameter kebabName: the name as the reference spells flags, without dashes
    ///   (`tls-ca-cert-file`): the flag and environment variable derive from it.
    init(_ name: String, _ kebabName: String, default defaultText: String, help: String, _ binding: KeyBinding) {
        self.name = name
        self.flag = "--" + kebabName
        self.environmentVariable = "QPI_" + String(kebabName.uppercased().map { $0 == "-" ? "_" : $0 })
        self.defaultText = defaultText
        self.help = help
        self.binding = binding
    }

    /// How names are compared: case and `_`/`-` separators do not matter, so `idlethreshold`,
    /// `idle_threshold` and `idle-threshold` (JSON/YAML spellings) all mean `IdleThreshold`.
    static func normalized(_ name: some StringProtocol) -> String {
        String(name.lowercased().filter { $0 != "_" && $0 != "-" })
    }
}

extension ConfigurationKey: Hashable {
    /// Keys are identified by name; the binding is derived from it.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.name == rhs.name }

    public func hash(into hasher: inout Hasher) { hasher.combine(self.name) }
}
