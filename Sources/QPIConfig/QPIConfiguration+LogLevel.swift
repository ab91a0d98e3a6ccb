extension QPIConfiguration {
    /// Least severe level a daemon logs, named like swift-log's `Logger.Level`.
    public enum LogLevel: String, Sendable, Hashable, CaseIterable {
        case trace, debug, info, notice, warning, error, critical
    }

    /// Slurm's `SlurmctldDebug` levels, from quietest to most verbose.
    public enum DebugLevel: String, Sendable, Hashable, CaseIterable {
        case quiet, fatal, error, info, verbose, debug, debug2, debug3, debug4, debug5

        /// swift-log has seven levels against Slurm's ten: `verbose` is swift-log's debug
        /// and everything from `debug` on is trace. `quiet` maps to critical, and the log
        /// handler drops even those.
        public var logLevel: LogLevel {
            switch self {
            case .quiet, .fatal: .critical
            case .error: .error
            case .info: .info
            case .verbose: .debug
            case .debug, .debug2, .debug3, .debug4, .debug5: .trace
            }
        }

        /// The Slurm level closest to a swift-log level, so that `LogLevel=` and `DebugLevel=`
        /// always agree on what they show.
        public init(_ level: LogLevel) {
            switch level {
            case .trace: self = .debug
            case .debug: self = .verbose
            case .info, .notice, .warning: self = .info
            case .error: self = .error
            case .critical: self = .fatal
            }
        }
    }

    /// How each log message is written.
    public enum LogFormat: String, Sendable, Hashable, CaseIterable {
        /// `TIME LEVEL LABEL: MESSAGE key=value …`
        case text
        /// One JSON object per line, metadata as top-level fields.
        case json
    }
}
