import Logging
import QPIConfig

/// The threshold a daemon logs at: the configuration's level, lowered one swift-log
/// level per `-v` (info → debug → trace), as `-v` raises slurmctld's verbosity.
public struct LogThreshold: Sendable, Hashable {
    /// Least severe level written.
    public var level: Logger.Level
    /// `DebugLevel=quiet` without `-v`: nothing is written at all.
    public var quiet: Bool

    public init(configuration: QPIConfiguration, verbosity: Int) {
        let configured = Logger.Level(rawValue: configuration.logLevel.rawValue) ?? .info
        let all = Logger.Level.allCases
        let index = all.firstIndex(of: configured) ?? 0
        self.level = all[max(0, index - max(0, verbosity))]
        self.quiet = configuration.debugLevel == .quiet && verbosity == 0
    }

    /// Whether a message at `level` is written.
    public func admits(_ level: Logger.Level) -> Bool {
        !self.quiet && level >= self.level
    }
}

/// `-v`, `-vv`, `-vvv` and repeated `-v`/`--verbose` taken out of a daemon's arguments.
public enum VerbosityFlags {
    /// The count of `v`s and the remaining arguments, in order.
    public static func extract(_ arguments: [String]) -> (verbosity: Int, rest: [String]) {
        var verbosity = 0
        var rest: [String] = []
        for argument in arguments {
            if argument == "--verbose" {
                verbosity += 1
            } else if argument.count >= 2, argument.hasPrefix("-"), argument.dropFirst().allSatisfy({ $0 == "v" }) {
                verbosity += argument.count - 1
            } else {
                rest.append(argument)
            }
        }
        return (verbosity, rest)
    }
}
