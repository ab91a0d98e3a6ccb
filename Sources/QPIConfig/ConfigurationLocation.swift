/// Where a configuration value or problem came from, printed as the prefix of a diagnostic.
public enum ConfigurationLocation: Sendable, Hashable {
    /// A configuration file, with the path as it was given and a 1-based line when known
    /// (JSON parsing reports none).
    case file(path: String, line: Int?)
    /// A `QPI_*` environment variable.
    case environment(variable: String)
    /// The daemon's command line: the flag concerned, or nil for a stray argument.
    case commandLine(flag: String?)
}

extension ConfigurationLocation: CustomStringConvertible {
    /// `qpi.conf:12`, `QPI_SERVER_PORT`, `--server-port` or `command line`.
    public var description: String {
        switch self {
        case .file(let path, let line?): "\(path):\(line)"
        case .file(let path, nil): path
        case .environment(let variable): variable
        case .commandLine(let flag?): flag
        case .commandLine(nil): "command line"
        }
    }
}
