/// Changes to a pending job (`qctl job update ID KEY=VALUE…`), with scontrol's key names.
/// A nil field is left as it is.
public struct JobUpdate: Sendable, Hashable, Codable {
    /// The keys `parse` accepts, as written on the command line.
    public static let keys = ["TimeLimit", "QPU", "Name", "Shots", "Priority", "Comment", "Begin"]

    public var timeLimitSeconds: Int?
    public var qpu: String?
    public var name: String?
    public var shots: Int?
    /// Administrators only.
    public var priority: Int?
    /// An empty comment removes the job's comment.
    public var comment: String?
    /// Seconds since the Unix epoch; a time already past lets the job start at once.
    public var beginTime: Double?

    public init(
        timeLimitSeconds: Int? = nil, qpu: String? = nil, name: String? = nil, shots: Int? = nil,
        priority: Int? = nil, comment: String? = nil, beginTime: Double? = nil
    ) {
        self.timeLimitSeconds = timeLimitSeconds
        self.qpu = qpu
        self.name = name
        self.shots = shots
        self.priority = priority
        self.comment = comment
        self.beginTime = beginTime
    }

    /// True when nothing would change.
    public var isEmpty: Bool { self == JobUpdate() }

    /// Reads `KEY=VALUE` words (keys in any case), each value checked as its `qsub` flag's
    /// is; `Begin` is read at `now` in the zone `utcOffset` seconds east of UTC.
    ///
    /// - Throws: `JobOptionError` naming the key as written.
    public static func parse(_ words: [String], now: Double, utcOffset: Int) throws(JobOptionError) -> JobUpdate {
        var update = JobUpdate()
        for word in words {
            let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let written = String(parts[0])
            guard parts.count == 2 else {
                throw JobOptionError(option: written, value: nil, reason: .missingValue, spelling: .key)
            }
            let value = String(parts[1])
            guard let key = Self.keys.first(where: { $0.lowercased() == written.lowercased() }) else {
                throw JobOptionError(option: written, value: value, reason: .unknownOption(Self.keys), spelling: .key)
            }
            do {
                try update.set(key, value, now: now, utcOffset: utcOffset)
            } catch {
                throw JobOptionError(option: key, value: error.value, reason: error.reason, spelling: .key)
            }
        }
        return update
    }

    private mutating func set(_ key: String, _ value: String, now: Double, utcOffset: Int) throws(JobOptionError) {
        var options = JobOptions()
        switch key {
        case "TimeLimit":
            try options.set(option: "time", value: value)
            self.timeLimitSeconds = options.timeLimitSeconds
        case "QPU":
            try options.set(option: "qpu", value: value)
            self.qpu = options.qpu
        case "Name":
            try options.set(option: "name", value: value)
            self.name = options.name
        case "Shots":
            try options.set(option: "shots", value: value)
            self.shots = options.shots
        case "Priority":
            guard let priority = Int(value), (-JobOptions.priorityLimit...JobOptions.priorityLimit).contains(priority)
            else {
                throw JobOptionError(
                    option: key, value: value,
                    reason: .notInRange("-\(JobOptions.priorityLimit)...\(JobOptions.priorityLimit)"))
            }
            self.priority = priority
        case "Comment":
            try options.set(option: "comment", value: value)
            self.comment = options.comment
        default:
            self.beginTime = try JobOptions.beginTime(value, now: now, utcOffset: utcOffset)
        }
    }

    /// The changes as `KEY=VALUE` words, for the job's event history; times as epoch seconds.
    public var summary: String {
        var words: [String] = []
        if let value = self.timeLimitSeconds { words.append("TimeLimit=\(DurationText.slurmFormat(seconds: value))") }
        if let value = self.qpu { words.append("QPU=\(value)") }
        if let value = self.name { words.append("Name=\(value)") }
        if let value = self.shots { words.append("Shots=\(value)") }
        if let value = self.priority { words.append("Priority=\(value)") }
        if let value = self.comment { words.append("Comment=\(value)") }
        if let value = self.beginTime { words.append("Begin=\(Int(value))") }
        return words.joined(separator: " ")
    }
}
