import ArgumentParser
import Foundation
import OpenQASM
import QPIClient
import QPIControllerClient
import QPICore
import QPIExecutor
import QPIJobScript
import QPIWire

/// Load driver for `make bench`: measures the controller from inside one client process,
/// so the numbers exclude process start-up. Every loop is bounded by --count.
@main
struct QPIBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qpi-bench",
        abstract: "Drive a QPI cluster with a bounded load and print measurements as JSON.",
        version: QPIVersion.current,
        subcommands: [Submit.self, EndToEnd.self, Turnaround.self, Schedule.self]
    )
}

struct LoadOptions: ParsableArguments {
    @Argument(help: "Job script to submit.") var file: String
    @Option(help: "Number of jobs.") var count: Int = 200
    @Option(help: "Concurrent clients, each with its own connection.") var clients: Int = 1
    @Flag(help: "Submit the jobs held (they stay pending).") var hold = false
    @OptionGroup var cluster: ClusterOptions

    func validate() throws {
        guard (1...1_000_000).contains(self.count) else { throw ValidationError("--count must be 1...1000000") }
        guard (1...64).contains(self.clients) else { throw ValidationError("--clients must be 1...64") }
    }

    func request() throws -> SubmitRequest {
        let script = try JobScriptLoader.load(paths: [self.file])
        return SubmitRequest(
            scripts: script.sources.map { ScriptFile(name: $0.name, text: $0.text) }, options: script.options,
            circuitCount: script.circuits.count, qubits: script.qubits, hold: self.hold)
    }

    /// Runs `count` operations spread over `clients` connections; returns each one's seconds.
    func measure(_ operation: @escaping @Sendable (ControllerClient, Int) async throws -> Void) async throws -> (
        latencies: [Double], wall: Double
    ) {
        let connections = try (0..<self.clients).map { _ in try self.cluster.connect() }
        let count = self.count
        let clients = self.clients
        let start = Date()
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for (index, client) in connections.enumerated() {
                group.addTask {
                    var times: [Double] = []
                    var job = index
                    while job < count {
                        let began = Date()
                        try await operation(client, job)
                        times.append(Date().timeIntervalSince(began))
                        job += clients
                    }
                    return times
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        return (latencies, Date().timeIntervalSince(start))
    }
}

/// Summary statistics in seconds.
func summary(_ latencies: [Double], wall: Double) -> [String: Double] {
    let sorted = latencies.sorted()
    func quantile(_ q: Double) -> Double {
        sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
    }
    return [
        "count": Double(sorted.count), "wall_seconds": wall, "per_second": Double(sorted.count) / max(wall, 1e-9),
        "median_seconds": quantile(0.5), "p95_seconds": quantile(0.95), "max_seconds": sorted.last ?? 0,
    ]
}

extension QPIBench {
    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Submission latency and throughput.")
        @OptionGroup var load: LoadOptions

        func run() async throws {
            let request = try self.load.request()
            let (latencies, wall) = try await self.load.measure { client, _ in _ = try await client.call(request) }
            try printJSON(summary(latencies, wall: wall))
        }
    }

    struct EndToEnd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "e2e",
            abstract: "Submit every job, then wait until all have ended: jobs per second end to end.",
            discussion: """
                The end is learnt from one listing request per look, however many jobs there are \
                (is any of them still pending or running?), not from one request per job, so the \
                driver does not cap the figure it measures.
                """)
        @OptionGroup var load: LoadOptions
        @Option(help: "Seconds to wait for the jobs to end.") var timeout: Double = 300

        func run() async throws {
            let request = try self.load.request()
            let ids = JobIDs()
            let start = Date()
            _ = try await self.load.measure { client, _ in await ids.add(try await client.call(request).jobID) }
            let submitted = await ids.all
            let client = try self.load.cluster.connect()
            let live = JobQuery(ids: submitted, states: [.pending, .running], limit: 1)
            let deadline = start.addingTimeInterval(self.timeout)
            while try await client.call(ListJobRowsRequest(query: live, fields: "i")).rows.count > 0 {
                guard Date() < deadline else {
                    throw ValidationError("jobs were still pending or running after \(self.timeout) s")
                }
                // Each look sends every id: looking more often than this takes measurable
                // time from the controller it measures, for a wall time a little sharper.
                try await Task.sleep(for: .milliseconds(20))
            }
            let wall = Date().timeIntervalSince(start)
            let completed = try await client.call(
                ListJobRowsRequest(query: JobQuery(ids: submitted, states: [.completed]), fields: "i")
            ).rows.count
            try printJSON([
                "jobs": Double(self.load.count), "completed": Double(completed), "wall_seconds": wall,
                "jobs_per_second": Double(self.load.count) / wall,
            ])
        }
    }

    struct Turnaround: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submit one job and wait for its result, one after another.")
        @OptionGroup var load: LoadOptions

        func run() async throws {
            let request = try self.load.request()
            let (latencies, wall) = try await self.load.measure { client, _ in
                let id = try await client.call(request).jobID
                _ = try await client.call(WaitJobRequest(jobID: id, timeoutSeconds: 60))
                _ = try await client.call(ResultRequest(jobID: id))
            }
            try printJSON(summary(latencies, wall: wall))
        }
    }
}

/// Job ids collected from concurrent submitters.
actor JobIDs {
    private(set) var all: [JobID] = []
    func add(_ id: JobID) { self.all.append(id) }
}
