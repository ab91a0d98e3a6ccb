import ArgumentParser
import FoundationEssentials
import QPIClient
import QPICore
import QPIDocuments
import QPIProcess
import QPIWire

@main
struct QInfo: SlurmStyleAsyncCommand {
    static let configuration = CommandConfiguration(
        commandName: "qinfo",
        abstract: "Show the QPUs and their states, as sinfo does.",
        discussion: """
            Columns: QPU STATE EXECUTOR QUBITS JOBS (running/pending that asked for it) REASON. \
            With -q NAME --telemetry: the QPU's executor events (calibration such as t1_q0, t2_q0, \
            readout_fidelity_q0; instrument readings), newest first, as the controller stored them \
            (kept for EventRetention).
            """,
        version: QPIVersion.current
    )

    @Flag(help: "Print JSON.") var json = false
    @Option(name: [.customShort("q"), .customLong("qpu")], help: "Only this QPU.") var qpu: String?
    @Flag(help: "List the QPU's telemetry events instead of its state (needs -q).") var telemetry = false
    @Option(help: "With --telemetry: only events of this kind (calibration, …).") var kind: String?
    @Option(help: "With --telemetry: only events this recent, as 30m, 2h or 1d.") var since: String?
    @Option(help: "With --telemetry: at most this many events (1-\(TelemetryRequest.maxLimit)).") var limit = 20
    @OptionGroup var cluster: ClusterOptions

    func validate() throws {
        if self.telemetry && self.qpu == nil {
            throw ValidationError("--telemetry needs the QPU: qinfo -q NAME --telemetry")
        }
        if !self.telemetry && (self.kind != nil || self.since != nil) {
            throw ValidationError("--kind and --since select telemetry; add --telemetry")
        }
        guard (1...TelemetryRequest.maxLimit).contains(self.limit) else {
            throw ValidationError("--limit must be 1 to \(TelemetryRequest.maxLimit), not \(self.limit)")
        }
        if let since = self.since, DurationText.seconds(since) == nil {
            throw ValidationError("--since: expected a duration such as 30m, 2h or 1d, not '\(since)'")
        }
    }

    func run() async throws {
        let client = try self.cluster.connect()
        if self.telemetry, let qpu = self.qpu {
            let since = self.since.flatMap(DurationText.seconds).map { Date().timeIntervalSince1970 - $0 }
            let request = TelemetryRequest(qpu: qpu, kind: self.kind, since: since, limit: self.limit)
            let events = try await client.callOrExit(request, command: "qinfo").events
            if self.json {
                try printDocument(ListJSON(items: events.map(TelemetryJSON.init)))
            } else {
                print(JobListing.telemetry(events), terminator: "")
            }
            return
        }
        var qpus = try await client.callOrExit(ListQPUsRequest(), command: "qinfo").qpus
        if let name = self.qpu {
            qpus = qpus.filter { $0.qpu.name == name }
            guard !qpus.isEmpty else {
                printError("qinfo: error: no QPU named '\(name)'")
                throw ExitCode.failure
            }
        }
        if self.json {
            try printDocument(ListJSON(items: qpus.map(QPUJSON.init)))
        } else {
            print(JobListing.qpus(qpus), terminator: "")
        }
    }
}
