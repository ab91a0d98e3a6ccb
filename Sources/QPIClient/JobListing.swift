import QPICore
import QPIProcess
import QPIWire

/// What `qstat` and `qinfo` print, as pure functions of the controller's answers.
public enum JobListing {
    /// The default `qstat` columns, squeue's layout: each as wide as its widest cell, numbers
    /// right-aligned, names cut to 12 and users to 10 characters with a `+`.
    static let queueFormat = OutputFormat(
        pieces: [
            .field(.init("i", width: .fit, alignment: .right)), .text(" "), .field(.init("j", width: .fit)), .text(" "),
            .field(.init("u", width: .fit)), .text(" "), .field(.init("q", width: .fit)), .text(" "),
            .field(.init("t", width: .fit)), .text(" "), .field(.init("M", width: .fit, alignment: .right)),
            .text(" "), .field(.init("s", width: .fit, alignment: .right)), .text(" "), .field(.init("R")),
        ])
    static let cutWidths: [String: Int] = ["j": 12, "u": 10]

    /// The columns to ask the controller for: the letters `format` prints (the default
    /// table's when nil), each once.
    public static func fields(for format: OutputFormat?) -> String {
        (format ?? Self.queueFormat).distinctKeys.joined()
    }

    /// The `qstat` table of the controller's `rows`: `format` (`-o`), else the default
    /// columns; `parsable` joins the default columns with `|`.
    public static func queue(
        _ rows: JobRows, format: OutputFormat? = nil, parsable: Bool = false, header: Bool = true
    ) throws(WireError) -> String {
        try CompactListing.render(
            try rows.table(), columns: rows.fields.map(String.init), format: format ?? Self.queueFormat,
            kind: { $0.first.flatMap { JobField.byLetter[$0]?.kind } }, cuts: format == nil ? Self.cutWidths : [:],
            none: "N/A", what: "listing", title: { $0.first.flatMap { JobField.byLetter[$0]?.title } ?? "" },
            parsable: parsable, header: header)
    }

    /// The same table over job records at `now`, as the controller would list them.
    public static func queue(
        _ jobs: [Job], format: OutputFormat? = nil, parsable: Bool = false, now: Double, header: Bool = true
    ) -> String {
        let fields = Self.fields(for: format).compactMap { JobField.byLetter[$0] }
        var builder = JobRows.Builder(fields: fields, now: now)
        for job in jobs { builder.append(job) }
        // Rows built here always hold the columns the format names.
        return (try? Self.queue(builder.rows, format: format, parsable: parsable, header: header)) ?? ""
    }

    /// `qstat -j`: one job in full, as `scontrol show job` prints it, then its history.
    public static func detail(_ job: Job, events: [JobEvent], now: Double) -> String {
        let runTime: Int
        if let start = job.startTime { runTime = Int(max(0, (job.endTime ?? now) - start)) } else { runTime = 0 }
        var lines = [
            "JobId=\(job.id) JobName=\(job.name)",
            "   UserId=\(job.user)(\(job.uid))",
            "   JobState=\(job.state.rawValue) Reason=\(job.reason?.rawValue ?? "None") Requeues=\(job.requeueCount)",
            "   RunTime=\(DurationText.slurmFormat(seconds: runTime)) TimeLimit=\(DurationText.slurmFormat(seconds: job.timeLimitSeconds))",
            "   SubmitTime=\(Self.timestamp(job.submitTime)) StartTime=\(job.startTime.map(Self.timestamp) ?? "Unknown") EndTime=\(job.endTime.map(Self.timestamp) ?? "Unknown")",
            "   QPU=\(job.qpu ?? "(null)") ReqQPU=\(job.requestedQPU ?? "(null)") Shots=\(job.shots) Circuits=\(job.circuitCount) Qubits=\(job.qubits)",
            "   QPUSeconds=\(String(printf: "%.6f", job.qpuSeconds))" + (job.seed.map { " Seed=\($0)" } ?? ""),
        ]
        if let array = job.array {
            lines.append(
                "   ArrayJobId=\(array.arrayJobID) ArrayTaskId=\(array.taskID) "
                    + "ArrayTaskThrottle=\(array.limit.map(String.init) ?? "0")")
        }
        lines.append("   Priority=\(job.priority) Dependency=\(job.dependency?.text ?? "(null)")")
        if let begin = job.beginTime { lines.append("   BeginTime=\(Self.timestamp(begin))") }
        if let comment = job.comment { lines.append("   Comment=\(comment)") }
        if !job.executorOptions.isEmpty {
            let pairs = job.executorOptions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            lines.append("   ExecutorOptions=\(pairs.joined(separator: ","))")
        }
        if let mailUser = job.mailUser { lines.append("   MailUser=\(mailUser) MailType=\(job.mailType ?? "END")") }
        if let url = job.notifyURL {
            lines.append("   NotifyURL=\(url) NotifyStatus=\(job.notifyStatus ?? "(when it ends)")")
        }
        if let message = job.message { lines.append("   Message=\(message)") }
        if !events.isEmpty {
            lines.append("   Events:")
            for event in events {
                var line = "     \(Self.timestamp(event.time)) \(event.kind.rawValue)"
                if let qpu = event.qpu { line += " qpu=\(qpu)" }
                if let detail = event.detail { line += " \(detail)" }
                lines.append(line)
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// The `qinfo` table.
    public static func qpus(_ statuses: [QPUStatus]) -> String {
        var table = TextTable(columns: [
            .init("QPU"), .init("STATE"), .init("EXECUTOR"), .init("QUBITS", .right), .init("JOBS", .right),
            .init("REASON"),
        ])
        for status in statuses.sorted(by: { $0.qpu.name < $1.qpu.name }) {
            table.append([
                status.qpu.name, status.qpu.state.rawValue.lowercased(), status.qpu.executor, String(status.qpu.qubits),
                "\(status.runningJobs)/\(status.pendingJobs)", status.qpu.reason ?? "",
            ])
        }
        return table.render()
    }

    /// Local time as Slurm prints it: `2026-11-25T17:40:00`.
    static func timestamp(_ seconds: Double) -> String {
        let civil = CivilTimeZone.local.civil(at: seconds)
        return String(
            printf: "%04ld-%02ld-%02ldT%02ld:%02ld:%02ld", civil.year, civil.month, civil.day, civil.hour, civil.minute,
            civil.second)
    }

    static func truncated(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "+"
    }
}
