import Foundation
import QPIAuth
import QPIClient
import QPIControllerClient
import QPICore
import QPIStore
import QPITesting
import QPIWire
import Synchronization
import Testing

/// One chaos scenario in progress: a cluster under a steady submission load, into which
/// the scenario injects its faults, timing how long the cluster takes to serve again.
///
/// The load goes on until the faults are done, so every fault meets submissions in flight
/// whatever the machine's speed; a fault aimed at a node first holds a job RUNNING there
/// (``jobInFlight(on:)``) and lets it go when the scenario says.
///
/// `QPI_CHAOS=full` (`make chaos`) runs the scenarios at full size; otherwise they run
/// small, as regression tests in `make test`.
final class ChaosRun: Sendable {
    static var isFull: Bool { ProcessInfo.processInfo.environment["QPI_CHAOS"] == "full" }
    /// `fast` or `full` sizes: the first in `make test`, the second in `make chaos`.
    static func size<T>(fast: T, full: T) -> T { self.isFull ? full : fast }

    /// Large enough that no dispatch waits for balance; small jobs still show their charge.
    static let balance = 1_000_000.0
    static let request = SubmitRequest(
        scripts: [ScriptFile(name: "one.qasm", text: Circuits.one)], options: JobOptions(shots: 8),
        circuitCount: 1, qubits: 1)

    /// Submissions per second each client makes at most: the load's size follows the
    /// scenario's length, not the machine's speed.
    static let pace = Duration.milliseconds(10)

    let cluster: ClusterHarness
    let load: SubmissionLoad
    /// Every QPU's executor, so that a job can be held in it (``jobInFlight(on:)``).
    let executors: ScriptedExecutors
    /// The controller's address, where the load and the probes connect.
    let address: String
    /// Where the controller keeps its store (SQLite, or a database of the test run's
    /// PostgreSQL server).
    let storage: ClusterStorage
    private let recoveries = Mutex<[Double]>([])
    private let notes = Mutex<[String]>([])
    /// Probe clients whose request failed, kept open until the run ends (see ``probe(timeout:_:)``).
    private let abandoned = Mutex<[ControllerClient]>([])

    init(cluster: ClusterHarness, address: String, executors: ScriptedExecutors, storage: ClusterStorage) {
        self.cluster = cluster
        self.address = address
        self.storage = storage
        self.executors = executors
        self.load = SubmissionLoad(cluster, request: Self.request, address: address)
    }

    var url: String { "tcp://\(self.address):\(self.cluster.controlPort)" }

    /// Adds a finding to the report.
    func note(_ text: String) {
        self.notes.withLock { $0.append(text) }
    }

    /// Waits until the submitters hold `count` acknowledged ids.
    func waitForAcknowledged(_ count: Int, within limit: Duration = .seconds(120)) async throws {
        _ = try await self.cluster.waitFor("\(count) acknowledged submissions", within: limit) {
            self.load.acknowledgedIDs.count >= count ? true : nil
        }
    }

    /// Holds the next job `qpu` is given in its executor and waits until the controller
    /// reports it RUNNING there: the fault that follows meets work provably in flight on
    /// `qpu`. ``release(_:)`` lets it (and every later job) through.
    @discardableResult
    func jobInFlight(on qpu: String) async throws -> JobID {
        self.executors.hold(qpu)
        let holding = self.executors.holdingPath(qpu)
        let id = try await self.cluster.waitFor(
            "a job held RUNNING in \(qpu)'s executor", within: .seconds(60), every: .milliseconds(20)
        ) { () async throws -> JobID? in
            guard FileManager.default.fileExists(atPath: holding) else { return nil }
            return try await self.running(on: qpu).first
        }
        self.note("struck with job \(id) RUNNING on \(qpu)")
        return id
    }

    /// Lets `qpu`'s held job through (see ``jobInFlight(on:)``).
    func release(_ qpu: String) {
        self.executors.release(qpu)
    }

    /// The jobs the controller reports RUNNING on `qpu`.
    func running(on qpu: String) async throws -> [JobID] {
        let jobs = try await self.probe(timeout: .seconds(5)) { client in
            try await client.call(ListJobsRequest(query: JobQuery(states: [.running]))).jobs
        }
        return jobs.filter { $0.qpu == qpu }.map(\.id)
    }

    /// One request to the controller from a fresh client. A client whose request failed (timed
    /// out while the controller was stopped, busy or restarting) may still get its late reply at
    /// any moment, and closing it just then can hang NNG 1.5.2 (Sources/QPITransport/README.md),
    /// so it stays open until the run ends.
    func probe<Result: Sendable>(
        timeout: Duration = .seconds(30), _ body: (ControllerClient) async throws -> Result
    ) async throws -> Result {
        let client = try self.cluster.client(url: self.url, timeout: timeout)
        do {
            let result = try await body(client)
            client.close()
            return result
        } catch {
            self.abandoned.withLock { $0.append(client) }
            throw error
        }
    }

    /// Waits until the load has one more acknowledged submission than now: the cluster
    /// takes work again after a fault.
    func submissionAccepted(_ what: String) async throws {
        let base = self.load.acknowledgedIDs.count
        _ = try await self.cluster.waitFor(what, within: .seconds(60)) {
            self.load.acknowledgedIDs.count > base ? true : nil
        }
    }

    /// Times `probe` from now until it first answers: one fault's recovery.
    func recovery(_ what: String, within limit: Duration = .seconds(60), until probe: () async throws -> Bool?)
        async throws
    {
        let start = ContinuousClock.now
        _ = try await self.cluster.waitFor(what, within: limit, every: .milliseconds(50), probe)
        let elapsed = ContinuousClock.now - start
        self.recoveries.withLock { $0.append(Self.seconds(elapsed)) }
    }

    /// The controller answers a request.
    func controllerServes() async throws -> Bool? {
        _ = try await self.probe(timeout: .seconds(2)) { try await $0.call(PingRequest()) }
        return true
    }

    /// `qpu` is connected again: the controller reports it IDLE or ALLOCATED.
    func qpuServes(_ qpu: String) async throws -> Bool? {
        let state = try await self.cluster.qpuStatuses().first { $0.qpu.name == qpu }?.qpu.state
        return state == .idle || state == .allocated ? true : nil
    }

    /// `kill -9` of the controller, a fresh start, and the time until it answers.
    func killAndRestartController() async throws {
        self.cluster.kill(.controller)
        try self.cluster.start(.controller)
        try await self.recovery("qpictld to answer after kill -9") { try await self.controllerServes() }
    }

    /// How many of `ids` the controller reports ended.
    func ended(among ids: [JobID]) async throws -> Int {
        let finished = JobState.allCases.filter(\.isFinished)
        let query = JobQuery(ids: ids, states: finished, includeFinished: true)
        return try await self.probe { try await $0.call(ListJobsRequest(query: query)).jobs.count }
    }

    /// The jobs among `ids` the controller does not report ended, with their state and reason.
    func unfinished(among ids: [JobID]) async throws -> [String] {
        let jobs = try await self.probe {
            try await $0.call(ListJobsRequest(query: JobQuery(ids: ids, includeFinished: true))).jobs
        }
        let listed = Set(jobs.map(\.id))
        return jobs.filter { !$0.state.isFinished }.map { "\($0.id) \($0.state.rawValue) \($0.reason?.rawValue ?? "")" }
            + ids.filter { !listed.contains($0) }.map { "\($0) not listed" }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Runs scenario `name`: starts the cluster (after `prepare`, which may mount or fill
    /// its state directory; `teardown` runs before the cluster's files are deleted), keeps
    /// `clients` submitters going until `faults` has done its damage and at least `jobs`
    /// submissions were acknowledged, waits (when `finishes`) until every acknowledged job
    /// has ended, stops the cluster cleanly and tallies the store.
    ///
    /// Every QPU without an executor command of its own runs the simulator behind a
    /// holdable relay (``ScriptedExecutors/holdable(_:)``), for ``jobInFlight(on:)``.
    ///
    /// The report is recorded (``ChaosReport/record()``) and its zero counts expected.
    @discardableResult
    static func scenario(
        _ name: String,
        qpus: [ClusterQPU] = [ClusterQPU("q0"), ClusterQPU("q1")],
        settings: [String: String] = [:],
        storage engine: ClusterStorage.Engine = .sqlite,
        address: String = "127.0.0.1",
        jobs: Int,
        clients: Int = 2,
        finishes: Bool = true,
        prepare: (ClusterHarness) async throws -> Void = { _ in },
        teardown: (ClusterHarness) -> Void = { _ in },
        faults: (ChaosRun) async throws -> Void
    ) async throws -> ChaosReport {
        // Jobs requeued by every fault must not run out of requeues.
        // A partition's controller listens on its veth address, inside this test's own namespace pair.
        let base = ["MaxRequeue": "100", "NodeTimeout": "3s", "ControlAddr": address, "AllowPlaintextHTTP": "true"]
        let storage = try ClusterStorage(engine)
        let executors = try ScriptedExecutors()
        var holdable: [ClusterQPU] = []
        for var qpu in qpus {
            if qpu.executorCommand == nil { qpu.executorCommand = try executors.holdable(qpu.name) }
            holdable.append(qpu)
        }
        let allSettings = base.merging(storage.settings) { $1 }.merging(settings) { $1 }
        return try await withCluster(qpus: holdable, settings: allSettings, daemons: false) {
            cluster in
            defer { teardown(cluster) }
            try await prepare(cluster)
            let user = UserDirectory().name(for: getuid())
            try await ClusterSuite.ControllerCrashTests.giveBalance(Self.balance, to: user, in: storage.open(cluster))
            try await cluster.startDaemons()

            let run = ChaosRun(cluster: cluster, address: address, executors: executors, storage: storage)
            let started = ContinuousClock.now
            async let submitted: Void = run.load.runUntilStopped(
                clients: clients, atLeast: jobs, atMost: Self.size(fast: 20_000, full: 100_000), pace: Self.pace,
                within: .seconds(Self.size(fast: 300, full: 600)))
            do {
                try await faults(run)
            } catch {
                // Leaving the scope cancels the submitters.
                for qpu in qpus { run.release(qpu.name) }
                throw error
            }
            run.load.stop()
            try await submitted
            let acknowledged = run.load.acknowledgedIDs
            if finishes {
                do {
                    _ = try await cluster.waitFor(
                        "every acknowledged job to end", within: .seconds(Self.size(fast: 120, full: 300)),
                        every: .milliseconds(500)
                    ) {
                        try await run.ended(among: acknowledged) == Set(acknowledged).count ? true : nil
                    }
                } catch {
                    throw HarnessError("\(error); still unfinished: \(try await run.unfinished(among: acknowledged))")
                }
            }
            let seconds = Self.seconds(ContinuousClock.now - started)

            for qpu in qpus { cluster.stop(.node(qpu.name)) }
            #expect(cluster.stop(.controller) == .exited(0), cluster.logs)
            let store = try storage.open(cluster)
            let tally: ChaosTally
            do {
                tally = try ChaosTally(
                    acknowledged: acknowledged, user: user, balance: Self.balance, finishes: finishes, store: store)
                try await store.close()
            } catch {
                try? await store.close()
                throw error
            }
            let report = ChaosReport(
                scenario: name, mode: Self.isFull ? "full" : "fast",
                faults: run.recoveries.withLock { $0.count }, acknowledged: tally.acknowledged,
                completed: tally.completed, failed: tally.failed, lost: tally.lost, duplicated: tally.duplicated,
                doubleCharged: tally.doubleCharged, chargeMismatchSeconds: tally.chargeMismatchSeconds,
                retriedSubmissions: run.load.failedCount, preloaded: tally.preloaded,
                recoverySeconds: run.recoveries.withLock { $0 },
                seconds: seconds, notes: run.notes.withLock { $0 })
            try report.record()
            #expect(tally.acknowledged >= jobs, "the load ended with \(tally.acknowledged) of at least \(jobs) jobs")
            #expect(report.problems.isEmpty, "\(report.problems); first: \(tally.examples)\n\(cluster.logTail())")
            return report
        }
    }
}
