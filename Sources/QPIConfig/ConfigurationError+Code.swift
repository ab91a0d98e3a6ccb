extension ConfigurationError {
    /// The kind of a configuration problem. A struct rather than an enum so that new
    /// kinds can be added without breaking callers that switch over them.
    public struct Code: Sendable, Hashable {
        private enum Kind: String, Sendable, Hashable {
            case unreadableFile = "unreadable-file"
            case malformedFile = "malformed-file"
            case malformedLine = "malformed-line"
            case unknownKey = "unknown-key"
            case duplicateKey = "duplicate-key"
            case invalidValue = "invalid-value"
            case conflictingKeys = "conflicting-keys"
            case inconsistentValues = "inconsistent-values"
            case incompleteQPU = "incomplete-qpu"
            case duplicateQPU = "duplicate-qpu"
            case unknownFlag = "unknown-flag"
            case missingFlagValue = "missing-flag-value"
            case unexpectedArgument = "unexpected-argument"
        }

        private let kind: Kind

        private init(_ kind: Kind) { self.kind = kind }

        /// A named configuration file is missing or cannot be read.
        public static let unreadableFile = Self(.unreadableFile)
        /// A JSON or YAML file does not parse, or is not shaped like a configuration.
        public static let malformedFile = Self(.malformedFile)
        /// A `qpi.conf` line is not a list of `Key=Value` pairs (or a quote is unclosed).
        public static let malformedLine = Self(.malformedLine)
        /// A key, or a field of a `QPUName=` line, that QPI does not know.
        public static let unknownKey = Self(.unknownKey)
        /// A key set twice in one file, or a field twice on one QPU line.
        public static let duplicateKey = Self(.duplicateKey)
        /// A value that does not parse or is out of range for its key.
        public static let invalidValue = Self(.invalidValue)
        /// Keys that set the same thing given together in one layer (`PortRange` and `PortRangeStart`).
        public static let conflictingKeys = Self(.conflictingKeys)
        /// Values that are fine alone but contradict each other (`DefaultShots` above `MaxShots`).
        public static let inconsistentValues = Self(.inconsistentValues)
        /// A `QPUName=` line without `Executor=` or `Qubits=`.
        public static let incompleteQPU = Self(.incompleteQPU)
        /// Two QPU declarations with one name.
        public static let duplicateQPU = Self(.duplicateQPU)
        /// A `--flag` that no key has.
        public static let unknownFlag = Self(.unknownFlag)
        /// A flag given last, or followed by another flag, without its value.
        public static let missingFlagValue = Self(.missingFlagValue)
        /// An argument that is not a flag nor a flag's value.
        public static let unexpectedArgument = Self(.unexpectedArgument)
    }
}

extension ConfigurationError.Code: CustomStringConvertible {
    /// The stable identifier, such as `unknown-key`, for logs and machine output.
    public var description: String { self.kind.rawValue }
}
