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
    /// Earliest start (`--begin`), as written: one of `BookingTime`'s forms. It is read
    /// against the clock and zone of whoever submits (`resolvedBegin`), so `now+1h` means an
    /// hour after submission.
    public var begin: String?
    /// Free text kept with the job and its accounting record (`--comment`).
    public var comment: String?
    /// Options for the executor, key → value (`--executor-option KEY=VALUE`, repeatable);
    /// each executor documents the keys it accepts and fails a job that gives another.
    public var executorOptions: [String: String]?
    /// When to send mail (`--mail-type`): Slurm's event names, normalized (`END,FAIL`).
    public var mailType: String?
    /// Where mail goes (`--mail-user`); nil sends none.
    public var mailUser: String?
    /// Where the job's end document is posted (`--notify-url`); nil posts nothing.
    public var notifyURL: String?
    /// The tasks of a job array (`--array=0-99%4`); nil for a single job.
    public var array: JobArray?
    /// A parameter sweep's values for the script's inputs (`--param`, repeatable), in the
    /// order given; one name appears once.
    public var parameters: [SweepParameter]?
    /// Every combination of the `parameters` rather than their values side by side
    /// (`--param-product`).
    public var parameterProduct: Bool?

    public init(
        name: String? = nil,
        shots: Int? = nil,
        qpu: String? = nil,
        timeLimitSeconds: Int? = nil,
        seed: UInt64? = nil,
        begin: String? = nil,
        comment: String? = nil,
        executorOptions: [String: String]? = nil,
        mailType: String? = nil,
        mailUser: String? = nil,
        notifyURL: String? = nil,
        array: JobArray? = nil,
        parameters: [SweepParameter]? = nil,
        parameterProduct: Bool? = nil
    ) {
        self.name = name
        self.shots = shots
        self.qpu = qpu
        self.timeLimitSeconds = timeLimitSeconds
        self.seed = seed
        self.begin = begin
        self.comment = comment
        self.executorOptions = executorOptions
        self.mailType = mailType
        self.mailUser = mailUser
        self.notifyURL = notifyURL
        self.array = array
        self.parameters = parameters
        self.parameterProduct = parameterProduct
    }

    /// Largest accepted shot count per circuit.
    public static let maxShots = 10_000_000
    /// Longest accepted job name, in characters.
    public static let maxNameLength = 128
    /// Largest priority magnitude (`qsub --priority`, `qctl job update ID Priority=`), as
    /// Slurm's nice range.
    public static let priorityLimit = 10_000
    /// Longest accepted comment, in characters.
    public static let maxCommentLength = 1_024
    /// Most executor options one job may carry.
    public static let maxExecutorOptions = 32
    /// Longest executor option value, in characters.
    public static let maxExecutorOptionValueLength = 256

    /// The option names `set(option:value:)` understands, as written after `--`.
    public static let optionNames = [
        "name", "shots", "qpu", "time", "seed", "begin", "comment", "executor-option", "mail-type",
        "mail-user", "notify-url", "array", "param", "param-product",
    ]
    /// The `--mail-type` events: END is any end, FAIL an end other than COMPLETED or
    /// CANCELLED, ALL both, NONE none.
    public static let mailTypes = ["END", "FAIL", "ALL", "NONE"]

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
        case "begin":
            let text = try required()
            _ = try Self.beginTime(text, now: 0, utcOffset: 0)
            self.begin = text
        case "comment":
            // An empty comment clears one (`qctl job update ID Comment=`).
            self.comment = try Self.validatedText(value ?? "", option: option, maxLength: Self.maxCommentLength)
        case "executor-option":
            let text = try required()
            guard let equals = text.firstIndex(of: "=") else {
                throw JobOptionError(option: option, value: text, reason: .invalidExecutorOption)
            }
            try self.setExecutorOption(
                key: String(text[..<equals]), value: String(text[text.index(after: equals)...]), option: option)
        case "mail-type":
            let text = try required()
            let types = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.uppercased() }
            guard types.allSatisfy(Self.mailTypes.contains) else {
                throw JobOptionError(option: option, value: text, reason: .notOneOf(Self.mailTypes))
            }
            self.mailType = types.joined(separator: ",")
        case "mail-user":
            let text = try Self.validatedText(required(), option: option, maxLength: 256)
            // The address is an argument of MailProg: it must not read as one of its options.
            guard !text.hasPrefix("-"), !text.contains(where: \.isWhitespace) else {
                throw JobOptionError(option: option, value: text, reason: .invalidAddress)
            }
            self.mailUser = text
        case "notify-url":
            let text = try required()
            if case .failure(let error) = WebhookURL.parse(text) {
                throw JobOptionError(option: option, value: text, reason: .invalidURL(error.description))
            }
            self.notifyURL = text
        case "array":
            self.array = try JobArray(parsing: required())
        case "param":
            let parameter = try SweepParameter(parsing: required())
            self.parameters = Self.merged(self.parameters, [parameter])
        case "param-product":
            guard value == nil || value == "true" else {
                throw JobOptionError(option: option, value: value, reason: .notOneOf(["no value", "true"]))
            }
            self.parameterProduct = true
        default:
            throw JobOptionError(option: option, value: value, reason: .unknownOption(Self.optionNames))
        }
    }

    /// Adds one executor option, checked: the key an identifier as QPU names are, the value
    /// short text. A key given again takes the later value.
    public mutating func setExecutorOption(key: String, value: String, option: String) throws(JobOptionError) {
        let shown = "\(key)=\(value)"
        var options = self.executorOptions ?? [:]
        guard Self.isValidQPUName(key), value.count <= Self.maxExecutorOptionValueLength,
            !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\u{7F}" })
        else {
            throw JobOptionError(option: option, value: shown, reason: .invalidExecutorOption)
        }
        guard options[key] != nil || options.count < Self.maxExecutorOptions else {
            throw JobOptionError(option: option, value: shown, reason: .tooManyExecutorOptions(Self.maxExecutorOptions))
        }
        options[key] = value
        self.executorOptions = options
    }

    /// These options with every field that `other` sets replaced by `other`'s value;
    /// executor options are merged key by key, `other`'s winning.
    public func overlaid(with other: JobOptions) -> JobOptions {
        JobOptions(
            name: other.name ?? self.name,
            shots: other.shots ?? self.shots,
            qpu: other.qpu ?? self.qpu,
            timeLimitSeconds: other.timeLimitSeconds ?? self.timeLimitSeconds,
            seed: other.seed ?? self.seed,
            begin: other.begin ?? self.begin,
            comment: other.comment ?? self.comment,
            executorOptions: other.executorOptions.map { (self.executorOptions ?? [:]).merging($0) { $1 } }
                ?? self.executorOptions,
            mailType: other.mailType ?? self.mailType,
            mailUser: other.mailUser ?? self.mailUser,
            notifyURL: other.notifyURL ?? self.notifyURL,
            array: other.array ?? self.array,
            parameters: other.parameters.map { Self.merged(self.parameters, $0) } ?? self.parameters,
            parameterProduct: other.parameterProduct ?? self.parameterProduct
        )
    }

    /// `earlier` with each of `later` in place of the one of its name, or added at the end.
    static func merged(_ earlier: [SweepParameter]?, _ later: [SweepParameter]) -> [SweepParameter] {
        var parameters = earlier ?? []
        for parameter in later {
            if let index = parameters.firstIndex(where: { $0.name == parameter.name }) {
                parameters[index] = parameter
            } else {
                parameters.append(parameter)
            }
        }
        return parameters
    }

    /// The begin time as seconds since the Unix epoch, read at `now` in the zone `utcOffset`
    /// seconds east of UTC; nil when none was given. `set(option:value:)` checks the form
    /// with any clock, since whether text is a time does not depend on when it is read.
    public func resolvedBegin(now: Double, utcOffset: Int) throws(JobOptionError) -> Double? {
        try self.begin.map { text throws(JobOptionError) in try Self.beginTime(text, now: now, utcOffset: utcOffset) }
    }

    /// `text` read as a `--begin` time.
    public static func beginTime(_ text: String, now: Double, utcOffset: Int) throws(JobOptionError) -> Double {
        do {
            return try BookingTime.parse(text, now: now, utcOffset: utcOffset)
        } catch {
            throw JobOptionError(option: "begin", value: text, reason: .invalidTime)
        }
    }

    static func validatedName(_ text: String, option: String) throws(JobOptionError) -> String {
        try Self.validatedText(text, option: option, maxLength: Self.maxNameLength)
    }

    /// `text` if it is at most `maxLength` characters without control characters.
    static func validatedText(_ text: String, option: String, maxLength: Int) throws(JobOptionError) -> String {
        guard text.count <= maxLength,
            !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\u{7F}" })
        else {
            throw JobOptionError(option: option, value: text, reason: .invalidText(maxLength: maxLength))
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
        case invalidText(maxLength: Int)
        case invalidQPUName
        case invalidTime
        case invalidDependency(String)
        case invalidExecutorOption
        case tooManyExecutorOptions(Int)
        case notOneOf([String])
        case invalidAddress
        case invalidURL(String)
        case invalidArray(String)
        case invalidParameter(String)
    }

    /// How the option was written: a `--flag` (qsub, directives) or a `Key` (`qctl job update`).
    public enum Spelling: Hashable, Sendable {
        case flag, key
    }

    public var option: String
    public var value: String?
    public var reason: Reason
    public var spelling: Spelling

    public init(option: String, value: String?, reason: Reason, spelling: Spelling = .flag) {
        self.option = option
        self.value = value
        self.reason = reason
        self.spelling = spelling
    }

    public var description: String {
        let shown = self.value.map { "'\($0)'" } ?? "no value"
        let prefix = self.spelling == .flag ? "--" : ""
        switch self.reason {
        case .unknownOption(let known):
            return "unknown \(self.spelling == .flag ? "option" : "key") '\(prefix)\(self.option)' "
                + "(known: \(known.map { "\(prefix)\($0)" }.joined(separator: ", ")))"
        case .missingValue:
            return "'\(prefix)\(self.option)' needs a value, as in \(prefix)\(self.option)=VALUE"
        case .notInRange(let range):
            return "invalid value \(shown) for '\(prefix)\(self.option)': expected an integer in \(range)"
        case .notADuration:
            return
                "invalid value \(shown) for '\(prefix)\(self.option)': expected a time limit such as 30s, 5m, 1h, MM:SS or D-HH:MM:SS"
        case .invalidText(let maxLength):
            return
                "invalid value \(shown) for '\(prefix)\(self.option)': at most \(maxLength) characters without control characters"
        case .invalidQPUName:
            return
                "invalid value \(shown) for '\(prefix)\(self.option)': QPU names use letters, digits, '_', '-' and '.' (at most 64)"
        case .invalidTime:
            return
                "invalid value \(shown) for '\(prefix)\(self.option)': expected now, now+DURATION (now+30m), HH:MM[:SS] "
                + "(the next such time) or ISO 8601 (2026-11-26T14:00, optionally with Z or +01:00)"
        case .invalidDependency(let why):
            return
                "invalid value \(shown) for '\(prefix)\(self.option)': \(why); expected afterok|afterany|afternotok:ID[:ID...], comma-separated"
        case .invalidExecutorOption:
            return
                "invalid value \(shown) for '\(prefix)\(self.option)': expected KEY=VALUE, the KEY of letters, digits, "
                + "'_', '-' and '.' (at most 64), the VALUE at most \(JobOptions.maxExecutorOptionValueLength) characters "
                + "without control characters"
        case .notOneOf(let accepted):
            return
                "invalid value \(shown) for '\(prefix)\(self.option)': expected \(accepted.joined(separator: ", ")), comma-separated"
        case .invalidAddress:
            return
                "invalid value \(shown) for '\(prefix)\(self.option)': expected a mail address without blanks, not starting with '-'"
        case .invalidURL(let why):
            return "invalid value \(shown) for '\(prefix)\(self.option)': \(why)"
        case .invalidParameter(let why):
            return
                "invalid value \(shown) for '\(prefix)\(self.option)': \(why); expected NAME=V1,V2,... or NAME=START:STOP:COUNT"
        case .invalidArray(let why):
            return
                "invalid value \(shown) for '\(prefix)\(self.option)': \(why); expected indices and ranges such as 0-99, 0-99:2, 1,5,7, optionally ending in %MAX"
        case .tooManyExecutorOptions(let limit):
            return "too many values for '\(prefix)\(self.option)': a job takes at most \(limit) executor options"
        }
    }
}
