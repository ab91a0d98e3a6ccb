import Foundation
import QPICore
import QPIWire

/// What `qstat` and `qinfo` print, as pure functions of the controller's answers.
public enum JobListing {
    static let queueColumns: [TextTable.Column] = [
        .init("JOBID", .right), .init("NAME"), .init("USER"), .init("QPU"), .init("ST"), .init("TIME", .right),
        .init("SHOTS", .right), .init("NODELIST(REASON)"),
    ]

    /// The `qstat` table (squeue's layout), with TIME as elapsed run time at `now`.
    public static func queue(_ jobs: [Job], now: Double, header: Bool = true) -> String {
        var table = TextTable(columns: Self.queueColumns)
        for job in jobs { table.append(Self.queueRow(job, now: now)) }
        return table.render(header: header)
    }

    /// `qstat --parsable`: the same columns separated by `|`, no padding.
    public static func parsableQueue(_ jobs: [Job], now: Double, header: Bool = true) -> String {
        var lines = header ? [Self.queueColumns.map(\.title).joined(separator: "|")] : []
        lines += jobs.map { Self.queueRow($0, now: now).joined(separator: "|") }
        return lines.map { $0 + "\n" }.joined()
    }

    static func queueRow(_ job: Job, now: Double) -> [String] {
        [
            String(job.id), Self.truncated(job.name, 12), Self.truncated(job.user, 10), Self.qpu(job), job.state.code,
            DurationText.slurmFormat(seconds: Self.elapsed(job, now: now)), String(job.shots), Self.location(job),
        ]
    }

    /// Whole seconds the job has run (so far, if running).
    static func elapsed(_ job: Job, now: Double) -> Int {
        let elapsed: Double
        switch job.state {
        case .pending: elapsed = 0
        case .running: elapsed = now - (job.startTime ?? now)
        default: elapsed = (job.endTime ?? now) - (job.startTime ?? job.endTime ?? now)
        }
        return Int(max(0, elapsed))
    }

    /// The QPU column: where it runs or ran, else the one it asked for, else `*`.
    static func qpu(_ job: Job) -> String {
        job.qpu ?? job.requestedQPU ?? "*"
    }

    /// squeue's NODELIST(REASON): `(reason)` while pending, else the QPU.
    static func location(_ job: Job) -> String {
        job.state == .pending ? "(\(job.reason?.rawValue ?? "None"))" : job.qpu ?? ""
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
            "   QPUSeconds=\(String(format: "%.6f", job.qpuSeconds))" + (job.seed.map { " Seed=\($0)" } ?? ""),
        ]
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
        var time = time_t(seconds.rounded(.down))
        var parts = tm()
        localtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour,
            parts.tm_min, parts.tm_sec)
    }

    static func truncated(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "+"
    }
}
