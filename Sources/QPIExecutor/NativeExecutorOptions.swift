/// The `options` of a `run` that the native simulator (`qsim --executor`, qpid's `sim`)
/// accepts; any other key fails the job, naming the key and these.
///
/// - `seed`: the sampling seed, 0 to 2^64-1, in place of the job's `--seed`.
/// - `fusion`: `on` or `off` (`true`/`false`): gate fusion; off is slower, its results
///   equal up to rounding.
/// - `memory`: `true` or `false`: whether each circuit's result lists every shot's outcome
///   (Qiskit's `memory`).
public struct NativeExecutorOptions: Sendable, Hashable {
    /// Overrides the job's seed; nil keeps it.
    public var seed: UInt64?
    public var fusion = true
    public var memory = false

    /// The keys accepted, in the order messages list them.
    public static let keys = ["fusion", "memory", "seed"]

    /// Reads `options`, refusing the first bad key in key order.
    public init(_ options: [String: String]) throws(ExecutorOptionError) {
        for (key, value) in options.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "seed":
                guard let seed = UInt64(value) else {
                    throw ExecutorOptionError(key: key, value: value, expected: "an integer in 0...\(UInt64.max)")
                }
                self.seed = seed
            case "fusion":
                self.fusion = try Self.switchValue(key: key, value: value)
            case "memory":
                self.memory = try Self.switchValue(key: key, value: value)
            default:
                throw ExecutorOptionError(key: key, value: value, expected: nil)
            }
        }
    }

    private static func switchValue(key: String, value: String) throws(ExecutorOptionError) -> Bool {
        switch value.lowercased() {
        case "on", "true", "1", "yes": return true
        case "off", "false", "0", "no": return false
        default: throw ExecutorOptionError(key: key, value: value, expected: "on or off (true or false)")
        }
    }
}

/// An executor option the native simulator refuses; its text is the failed job's message.
public struct ExecutorOptionError: Error, Hashable, Sendable, CustomStringConvertible {
    public var key: String
    public var value: String
    /// What the value should be; nil when the key itself is unknown.
    public var expected: String?

    public var description: String {
        guard let expected = self.expected else {
            return "unknown executor option '\(self.key)': the sim executor accepts "
                + NativeExecutorOptions.keys.joined(separator: ", ")
        }
        return "invalid value '\(self.value)' for executor option '\(self.key)': expected \(expected)"
    }
}
