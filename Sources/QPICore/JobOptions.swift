/// The options a user gives a job, from `// QPI` directive lines and command-line flags.
///
/// Every field is optional: nil means "not given here", so layers (directives, then
/// flags) can be merged with `overlaid(with:)` before defaults are applied.
public struct JobOptions: Sendable, Hashable, Codable {
    /// Job name (`--name`, Slurm's `--job-name`).
    public var name: String?
    /// Shots per circuit (`--shots`).
    public var shots: Int?
    /// QPU the job must run on (`--qpu`); nil lets the scheduler choose.
    public var qpu: String?
    /// Time limit in whole seconds (`--time`, Slurm formats); nil means the default.
    public var timeLimitSeconds: Int?
    /// Simulator seed (`--seed`), honoured by simulating executors.
    public var seed: UInt64?

    public init(
        name: String? = nil,
        shots: Int? = nil,
        qpu: String? = nil,
        timeLimitSeconds: Int? = nil,
        seed: UInt64? = nil
    ) {
        self.name = name
        self.shots = shots
        self.qpu = qpu
        self.timeLimitSeconds = timeLimitSeconds
        self.seed = seed
    }

    /// Largest accepted shot count per circuit.
    public static let maxShots = 10_000_000
    /// Longest accepted job name, in characters.
    public static let maxNameLength = 128

    /// The option names `set(option:value:)` understands, as written after `--`.
    public static let optionNames = ["name", "shots", "qpu", "time", "seed"]

    /// Sets one option from its textual form, validating the value.
    ///
    /// - Parameters:
    ///   - option: the name without leading dashes (`shots`, `time`, …).
    ///   - value: the text after `=`, or nil for a bare flag.
    public mutating func set(option: String, value: String?) throws(JobOptionError) {
        func required() throws(JobOptionError) -> String {
            guard let value, !value.isEmpty else {
                throw JobOptionError(option: option, value: value, reason: .missingValue)
            }
            return value
        }
        switch option {
        case "name":
            self.name = try Self.validatedName(required(), option: option)
        case "shots":
            let text = try required()
            guard let shots = Int(text), shots >= 1, shots <= Self.maxShots else {
                throw JobOptionError(option: option, value: text, reason: .notInRange("1...\(Self.maxShots)"))
            }
            self.shots = shots
        case "qpu":
            self.qpu = try Self.validatedQPUName(required(), option: option)
        case "time":
            let text = try required()
            guard let seconds = DurationText.seconds(text), seconds >= 1, seconds < 1e9 else {
                throw JobOptionError(option: option, value: text, reason: .notADuration)
            }
            self.timeLimitSeconds = Int(seconds.rounded(.up))
        case "seed":
            let text = try required()
            guard let seed = UInt64(text) else {
                throw JobOptionError(option: option, value: text, reason: .notInRange("0...\(UInt64.max)"))
            }
            self.seed = seed
        default:
            throw JobOptionError(option: option, value: value, reason: .unknownOption(Self.optionNames))
        }
    }

    /// These options with every field that `other` sets replaced by `other`'s value.
    public func overlaid(with other: JobOptions) -> JobOptions {
        JobOptions(
            name: other.name ?? self.name,
            shots: other.shots ?? self.shots,
            qpu: other.qpu ?? self.qpu,
            timeLimitSeconds: other.timeLimitSeconds ?? self.timeLimitSeconds,
            seed: other.seed ?? self.seed
        )
    }

    static func validatedName(_ text: String, option: String) throws(JobOptionError) -> String {
        guard text.count <= Self.maxNameLength,
            !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\u{7F}" })
        else {
            throw JobOptionError(option: option, value: text, reason: .invalidName)
        }
        return text
    }

    /// QPU names are identifiers: letters, digits, `_`, `-` and `.`, at most 64 characters.
    public static func isValidQPUName(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 64 else { return false }
        return text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || $0 == "_" || $0 == "-" || $0 == "."
        }
    }

    static func validatedQPUName(_ text: String, option: String) throws(JobOptionError) -> String {
        guard Self.isValidQPUName(text) else {
            throw JobOptionError(option: option, value: text, reason: .invalidQPUName)
        }
        return text
    }
}

/// A job option that could not be accepted, with the option and value it concerns.
public struct JobOptionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why an option was refused; each case's text says what would be accepted.
    public enum Reason: Hashable, Sendable {
        case unknownOption([String])
        case missingValue
        case notInRange(String)
        case notADuration
        case invalidName
        case invalidQPUName
        case invalidDependency(String)
    }

    public var option: String
    public var value: String?
    public var reason: Reason

    public init(option: String, value: String?, reason: Reason) {
        self.option = option
        self.value = value
        self.reason = reason
    }

    public var description: String {
        let shown = self.value.map { "'\($0)'" } ?? "no value"
        switch self.reason {
        case .unknownOption(let known):
            return "unknown option '--\(self.option)' (known: \(known.map { "--\($0)" }.joined(separator: ", ")))"
        case .missingValue:
            return "option '--\(self.option)' needs a value, as in --\(self.option)=VALUE"
        case .notInRange(let range):
            return "invalid value \(shown) for '--\(self.option)': expected an integer in \(range)"
        case .notADuration:
            return
                "invalid value \(shown) for '--\(self.option)': expected a time limit such as 30s, 5m, 1h, MM:SS or D-HH:MM:SS"
        case .invalidName:
            return
                "invalid value \(shown) for '--\(self.option)': names are at most \(JobOptions.maxNameLength) characters without control characters"
        case .invalidQPUName:
            return
                "invalid value \(shown) for '--\(self.option)': QPU names use letters, digits, '_', '-' and '.' (at most 64)"
        case .invalidDependency(let why):
            return
                "invalid value \(shown) for '--\(self.option)': \(why); expected afterok|afterany|afternotok:ID[:ID...], comma-separated"
        }
    }
}
