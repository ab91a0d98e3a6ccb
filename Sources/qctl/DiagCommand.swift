import ArgumentParser
import FoundationEssentials
import QPIClient
import QPICore
import QPIWire

/// `qctl diag`: the controller's statistics since it started, as Slurm's `sdiag` shows them.
struct DiagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diag",
        abstract: "Show the controller's statistics since it started (like sdiag); any user may run it.",
        discussion: """
            Scheduler passes and their durations, dispatch latency (queue wait: submission to the \
            first dispatch; node ack: dispatch sent to the node's acknowledgement), the queue now, \
            jobs by outcome, each QPU's busy time and utilisation (busy seconds over uptime), and \
            requests served by type and by user. Counts start again when qpictld restarts. The \
            same measurements feed qpictld's Prometheus metrics.
            """
    )

    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        let client = try self.cluster.connect()
        let report = try await client.callOrExit(DiagRequest(), command: "qctl diag")
        if self.json {
            try printJSON(report)
        } else {
            print(Self.render(report), terminator: "")
        }
    }

    static func render(_ report: DiagReport) -> String {
        let statistics = report.statistics
        let jobs = statistics.jobs
        var out = """
            Cluster:           \(report.cluster) (qpictld \(report.version))
            Report time:       \(timestamp(report.time))
            Server start time: \(timestamp(statistics.startTime))
            Uptime:            \(DurationText.slurmFormat(seconds: Int(report.uptimeSeconds)))
            \(report.store.map(storeLine) ?? "")

            Queue now:         \(report.queue.pending) pending (\(report.queue.held) held), \(report.queue.running) running
            Jobs since start:  \(jobs.submitted) submitted, \(jobs.started) started, \(jobs.completed) completed, \
            \(jobs.failed) failed, \(jobs.cancelled) cancelled, \(jobs.timedOut) timed out, \
            \(jobs.nodeFailed) node failed, \(jobs.requeued) requeued

            Main schedule statistics:
            \(summaryLines(statistics.schedulerPasses, count: "Passes"))
            Dispatch latency, submission to first dispatch (queue wait):
            \(summaryLines(statistics.queueWait, count: "Dispatches"))
            Dispatch latency, dispatch sent to node acknowledgement:
            \(summaryLines(statistics.dispatchAck, count: "Acknowledged"))

            QPU utilisation since start:

            """
        var qpus = TextTable(
            columns: [.init("QPU"), .init("STATE"), .init("BUSY", .right), .init("UTILISATION", .right)],
            indent: "  ")
        for qpu in report.qpus {
            qpus.append([
                qpu.name, qpu.state.rawValue, seconds(qpu.busySeconds), percent(qpu.utilisation),
            ])
        }
        out += qpus.render()
        out += "\nRemote procedure call statistics by message type:\n"
        out += usageTable(report.requests.byType, key: "TYPE")
        out += "\nRemote procedure call statistics by user:\n"
        out += usageTable(report.requests.byUser, key: "USER")
        return out
    }
}

/// The store's engine and place, and on PostgreSQL whether this controller is the active
/// one: its lease, since when, and how fresh.
private func storeLine(_ store: StoreStatus) -> String {
    var line = "Store:             \(store.engine) \(store.location)"
    if let holder = store.leaseHolder, let since = store.leaseSince, let renewed = store.leaseRenewed,
        let timeout = store.leaseTimeoutSeconds
    {
        line +=
            "\nActive controller: \(holder), lease held since \(timestamp(since)), renewed "
            + "\(String(printf: "%.1f", max(0, Date.now.timeIntervalSince1970 - renewed))) s ago "
            + "(a standby takes over \(Int(timeout)) s after the last renewal)"
    }
    return line
}

private func summaryLines(_ summary: DurationSummary, count title: String) -> String {
    let rows: [(String, String)] = [
        (title, String(summary.count)),
        ("Last", summary.lastSeconds.map(seconds) ?? "-"),
        ("Mean", summary.meanSeconds.map(seconds) ?? "-"),
        ("Max", summary.maxSeconds.map(seconds) ?? "-"),
    ]
    return rows.map { label, value in
        let title = label + ":"
        return "  " + title + String(repeating: " ", count: max(1, 14 - title.count)) + value
    }
    .joined(separator: "\n")
}

private func usageTable(_ usage: [String: RequestCounts.Usage], key: String) -> String {
    var table = TextTable(
        columns: [.init(key), .init("COUNT", .right), .init("AVE_TIME", .right), .init("TOTAL_TIME", .right)],
        indent: "  ")
    for (name, entry) in usage.sorted(by: { ($1.value.count, $0.key) < ($0.value.count, $1.key) }) {
        table.append([
            name, String(entry.count), entry.meanSeconds.map(seconds) ?? "-", seconds(entry.totalSeconds),
        ])
    }
    return table.render()
}

/// Seconds with a unit fit for their size: sub-second values in milliseconds.
private func seconds(_ value: Double) -> String {
    value < 1 ? String(printf: "%.3f ms", value * 1_000) : String(printf: "%.3f s", value)
}

private func percent(_ fraction: Double) -> String {
    String(printf: "%.1f%%", fraction * 100)
}
