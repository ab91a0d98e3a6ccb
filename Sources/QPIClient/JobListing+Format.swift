import QPICore

/// `qstat -o`: squeue's field letters over QPI's jobs.
extension JobListing {
    /// One `qstat -o` field: squeue's letter, header and what it shows.
    struct FormatField: Sendable {
        var letter: Character
        var title: String
        var help: String
        var value: @Sendable (Job, Double) -> String
    }

    /// squeue's letters where QPI has the same thing; a QPU stands where squeue has a
    /// partition or QOS.
    static let formatFields: [FormatField] = [
        .init(letter: "i", title: "JOBID", help: "job id") { job, _ in String(job.id) },
        .init(letter: "j", title: "NAME", help: "job name") { job, _ in job.name },
        .init(letter: "u", title: "USER", help: "user name") { job, _ in job.user },
        .init(letter: "U", title: "UID", help: "user id") { job, _ in String(job.uid) },
        .init(letter: "q", title: "QPU", help: "QPU it runs on, else the one asked for") { job, _ in Self.qpu(job) },
        .init(letter: "P", title: "QPU", help: "the same, squeue's partition letter") { job, _ in Self.qpu(job) },
        .init(letter: "T", title: "STATE", help: "state") { job, _ in job.state.rawValue },
        .init(letter: "t", title: "ST", help: "state code") { job, _ in job.state.code },
        .init(letter: "M", title: "TIME", help: "time used") { job, now in
            DurationText.slurmFormat(seconds: Self.elapsed(job, now: now))
        },
        .init(letter: "l", title: "TIME_LIMIT", help: "time limit") { job, _ in
            DurationText.slurmFormat(seconds: job.timeLimitSeconds)
        },
        .init(letter: "L", title: "TIME_LEFT", help: "time left") { job, now in
            DurationText.slurmFormat(seconds: job.timeLimitSeconds - Self.elapsed(job, now: now))
        },
        .init(letter: "R", title: "NODELIST(REASON)", help: "(reason) if pending, else the QPU") { job, _ in
            Self.location(job)
        },
        .init(letter: "r", title: "REASON", help: "why it waits") { job, _ in job.reason?.rawValue ?? "None" },
        .init(letter: "N", title: "NODELIST", help: "QPU it runs or ran on") { job, _ in job.qpu ?? "" },
        .init(letter: "Q", title: "PRIORITY", help: "priority") { job, _ in String(job.priority) },
        .init(letter: "p", title: "PRIORITY", help: "the same") { job, _ in String(job.priority) },
        .init(letter: "S", title: "START_TIME", help: "start, or begin time while pending") { job, _ in
            (job.startTime ?? job.beginTime).map(Self.timestamp) ?? "N/A"
        },
        .init(letter: "e", title: "END_TIME", help: "end") { job, _ in job.endTime.map(Self.timestamp) ?? "N/A" },
        .init(letter: "V", title: "SUBMIT_TIME", help: "submission") { job, _ in Self.timestamp(job.submitTime) },
        .init(letter: "k", title: "COMMENT", help: "comment") { job, _ in job.comment ?? "" },
        .init(letter: "E", title: "DEPENDENCY", help: "dependency") { job, _ in job.dependency?.text ?? "(null)" },
        .init(letter: "D", title: "NODES", help: "QPUs used, always 1") { _, _ in "1" },
        .init(letter: "s", title: "SHOTS", help: "shots per circuit") { job, _ in String(job.shots) },
    ]

    /// The `-o` letters and what they show, for `--help` and error messages.
    public static var formatLetters: String {
        Self.formatFields.map { "%\($0.letter) \($0.help)" }.joined(separator: "; ")
    }

    /// Reads a `qstat -o` format; an unknown field is named with the known ones.
    public static func format(_ text: String) throws(OutputFormatError) -> OutputFormat {
        try OutputFormat.squeue(text, letters: Set(Self.formatFields.map(\.letter)))
    }

    /// The queue in a user's format.
    public static func queue(_ jobs: [Job], format: OutputFormat, now: Double, header: Bool = true) -> String {
        let fields = Dictionary(Self.formatFields.map { (String($0.letter), $0) }, uniquingKeysWith: { a, _ in a })
        return format.render(
            jobs.map { job in { key in fields[key]?.value(job, now) ?? "" } }, title: { fields[$0]?.title ?? "" },
            header: header)
    }
}
