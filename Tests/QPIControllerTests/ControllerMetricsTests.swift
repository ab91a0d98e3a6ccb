import Logging
import Prometheus
import QPIController
import QPICore
import QPIStore
import QPITesting
import QPIWire
import Synchronization
import Testing

/// The controller's measurements, driven in-process with a manual clock: a real store,
/// and a node link that records what the controller sends.
struct ControllerMetricsTests {
    @Test func oneJobMovesTheDiagnosticsAndTheScrapedSeriesAlike() async throws {
        let cluster = try await InProcessController()
        let ref = try await cluster.submitAndDispatch(user: "alice")
        cluster.clock.advance(0.25)
        await cluster.controller.nodeAccepted(qpu: "q1", ref: ref)
        cluster.clock.advance(2)
        await cluster.controller.nodeResult(
            qpu: "q1",
            outcome: JobOutcome(
                ref: ref, status: .completed,
                results: [CircuitResult(name: "c", counts: ["00": 8], shots: 8, seed: 1, timeTaken: 0.1)],
                message: nil, deviceSeconds: 1.5))

        let report = await cluster.controller.diagnostics()
        let statistics = report.statistics
        #expect(statistics.jobs.submitted == 1)
        #expect(statistics.jobs.started == 1)
        #expect(statistics.jobs.completed == 1)
        #expect(statistics.dispatchAck.count == 1)
        #expect(statistics.dispatchAck.lastSeconds == 0.25)
        #expect(statistics.queueWait.count == 1)
        #expect(statistics.userQPUSeconds["alice"] == 1.5)
        #expect(report.queue == DiagReport.QueueSizes(pending: 0, held: 0, running: 0))
        let q1 = try #require(report.qpus.first { $0.name == "q1" })
        #expect(q1.busySeconds == 2.25)
        #expect(q1.utilisation > 0)

        let series = try PrometheusText.parse(
            await ControllerDaemon.scrape(cluster.controller, registry: cluster.registry))
        #expect(series["qpi_jobs_submitted_total"] == 1)
        #expect(series["qpi_jobs_started_total"] == 1)
        #expect(series[#"qpi_jobs_ended_total{state="COMPLETED"}"#] == 1)
        #expect(series[#"qpi_jobs_ended_total{state="FAILED"}"#] == 0)
        #expect(series[#"qpi_qpu_busy_seconds_total{qpu="q1"}"#] == 2.25)
        #expect(series[#"qpi_user_qpu_seconds_total{user="alice"}"#] == 1.5)
        #expect(series["qpi_dispatch_ack_seconds_count"] == 1)
        #expect(series["qpi_dispatch_ack_seconds_sum"] == 0.25)
        #expect(series["qpi_queue_wait_seconds_count"] == 1)
        #expect(series[#"qpi_jobs{state="PENDING"}"#] == 0)
        #expect(series[#"qpi_jobs{state="RUNNING"}"#] == 0)
        #expect(series["qpi_queue_length"] == 0)
        #expect((series["qpi_scheduler_pass_seconds_count"] ?? 0) >= 1)
    }

    @Test func aRunInProgressCountsAsBusyAndTheQueueGaugesFollowIt() async throws {
        let cluster = try await InProcessController()
        _ = try await cluster.submitAndDispatch(user: "alice")
        _ = try await cluster.controller.submit(cluster.request(held: true), by: cluster.caller("bob"))
        cluster.clock.advance(3)

        let report = await cluster.controller.diagnostics()
        #expect(report.queue == DiagReport.QueueSizes(pending: 1, held: 1, running: 1))
        #expect(report.qpus.first { $0.name == "q1" }?.busySeconds == 3)

        await cluster.controller.refreshMetrics()
        var series = try PrometheusText.parse(cluster.registry.emitToString())
        #expect(series[#"qpi_jobs{state="PENDING"}"#] == 1)
        #expect(series[#"qpi_jobs{state="HELD"}"#] == 1)
        #expect(series[#"qpi_jobs{state="RUNNING"}"#] == 1)
        #expect(series["qpi_queue_length"] == 0)
        #expect(series[#"qpi_qpu_busy_seconds_total{qpu="q1"}"#] == 3)

        // The counter keeps growing with the run and never counts a second twice.
        cluster.clock.advance(2)
        await cluster.controller.refreshMetrics()
        await cluster.controller.refreshMetrics()
        series = try PrometheusText.parse(cluster.registry.emitToString())
        #expect(series[#"qpi_qpu_busy_seconds_total{qpu="q1"}"#] == 5)
    }

    @Test func aLostRunCountsAsRequeuedAndKeepsItsBusyTime() async throws {
        let cluster = try await InProcessController()
        let lost = try await cluster.submitAndDispatch(user: "alice")
        cluster.clock.advance(4)
        // The node comes back on a new link without the job: the run is lost, the job queued again.
        let link = RecordingLink()
        _ = await cluster.controller.nodeConnected(
            NodeHello(session: 2, qpu: "q1", executor: "sim", qubits: 8, running: [], spooled: []), link: link)
        await cluster.controller.nodeWelcomed(qpu: "q1", link: link, session: 2)
        let again = try await cluster.dispatch(of: lost.jobID, on: link)
        #expect(again.dispatchID != lost.dispatchID)
        cluster.clock.advance(1)

        let statistics = await cluster.controller.diagnostics().statistics
        #expect(statistics.jobs.requeued == 1)
        #expect(statistics.jobs.started == 2)
        #expect(statistics.queueWait.count == 1, "only a job's first dispatch measures its wait")
        #expect(statistics.qpuBusySeconds["q1"] == 4)
        let series = try PrometheusText.parse(
            await ControllerDaemon.scrape(cluster.controller, registry: cluster.registry))
        #expect(series["qpi_jobs_requeued_total"] == 1)
        #expect(series[#"qpi_qpu_busy_seconds_total{qpu="q1"}"#] == 5)
    }

    @Test func requestsAreCountedByTypeAndUserAndMadeUpTypesAsUnknown() async throws {
        let cluster = try await InProcessController()
        let router = CommandRouter(
            controller: cluster.controller, authenticator: FixedAuthenticator(user: "alice"),
            maxMessageSize: 1 << 20, logger: Logger(label: "test"))
        for type in ["ping", "ping", "diag", "no-such-request"] {
            _ = await router.handle(
                Frame(credential: "x", body: Array(#"{"type":"\#(type)","body":{}}"#.utf8)).encoded())
        }
        let counts = cluster.controller.requests.counts
        #expect(counts.byType["ping"]?.count == 2)
        #expect(counts.byType["diag"]?.count == 1)
        #expect(counts.byType[RequestCounts.unknownType]?.count == 1)
        #expect(counts.byType["no-such-request"] == nil)
        #expect(counts.byUser["alice"]?.count == 4)

        let series = try PrometheusText.parse(cluster.registry.emitToString())
        #expect(series[#"qpi_rpc_requests_total{type="ping"}"#] == 2)
        #expect(series[#"qpi_rpc_requests_total{type="unknown"}"#] == 1)
    }

    @Test func twoControllersInOneProcessKeepTheirOwnCounts() async throws {
        let first = try await InProcessController()
        let second = try await InProcessController()
        _ = try await first.controller.submit(first.request(held: true), by: first.caller("alice"))
        #expect(await first.controller.diagnostics().statistics.jobs.submitted == 1)
        #expect(await second.controller.diagnostics().statistics.jobs.submitted == 0)
        #expect(try PrometheusText.parse(second.registry.emitToString())["qpi_jobs_submitted_total"] == 0)
    }
}

/// A controller with one QPU, q1, whose node has connected through a recording link.
private struct InProcessController {
    let directory: TemporaryDirectory
    let registry = PrometheusCollectorRegistry()
    let clock = ManualClock(start: 1_000_000)
    let controller: ClusterController
    let link = RecordingLink()

    init() async throws {
        self.directory = try TemporaryDirectory(prefix: "qpi-metrics")
        let store = try JobStore.open(directory: self.directory.path)
        let qpu = QPU(name: "q1", executor: "sim", qubits: 8)
        _ = try await store.upsertQPU(qpu, time: self.clock.now())
        let clock = self.clock
        self.controller = ClusterController(
            settings: ControllerSettings(), store: store, qpus: [qpu], logger: Logger(label: "test"),
            now: { clock.now() }, metricsFactory: ControllerDaemon.metricsFactory(self.registry))
        try await self.controller.start()
        _ = await self.controller.nodeConnected(
            NodeHello(session: 1, qpu: "q1", executor: "sim", qubits: 8, running: [], spooled: []), link: self.link)
        await self.controller.nodeWelcomed(qpu: "q1", link: self.link, session: 1)
    }

    func caller(_ user: String) -> Caller {
        Caller(user: user, uid: user == "alice" ? 50_001 : 50_002, isAdmin: false)
    }

    func request(held: Bool = false) -> SubmitRequest {
        SubmitRequest(
            scripts: [ScriptFile(name: "bell.qasm", text: "OPENQASM 3.0;\nqubit[2] q;\n")],
            options: JobOptions(shots: 8), circuitCount: 1, qubits: 2, hold: held)
    }

    /// Submits a job and waits for the scheduler to send it to q1.
    func submitAndDispatch(user: String) async throws -> JobRef {
        let id = try await self.controller.submit(self.request(), by: self.caller(user))
        return try await self.dispatch(of: id, on: self.link)
    }

    /// Waits for the scheduler to send job `id` over `link`.
    func dispatch(of id: JobID, on link: RecordingLink) async throws -> JobRef {
        let limit = Duration.seconds(30)
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let ref = link.dispatched(id) { return ref }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw HarnessError("job \(id) was not dispatched within \(limit)")
    }
}

/// A clock the test moves by hand.
private final class ManualClock: Sendable {
    private let time: Mutex<Double>

    init(start: Double) {
        self.time = Mutex(start)
    }

    func now() -> Double {
        self.time.withLock { $0 }
    }

    func advance(_ seconds: Double) {
        self.time.withLock { $0 += seconds }
    }
}

/// The node's end, reduced to remembering what the controller sent.
private final class RecordingLink: NodeLink {
    private let sent = Mutex<[ControllerMessage]>([])

    func send(_ message: ControllerMessage) async throws {
        self.sent.withLock { $0.append(message) }
    }

    func drop() {}

    func dispatched(_ id: JobID) -> JobRef? {
        self.sent.withLock { messages in
            for case .dispatch(let dispatch) in messages where dispatch.ref.jobID == id { return dispatch.ref }
            return nil
        }
    }
}

/// Takes every credential for one ordinary user.
private struct FixedAuthenticator: RequestAuthenticator {
    let user: String

    func authenticate(credential: String, body: [UInt8]) async throws(WireError) -> Caller {
        Caller(user: self.user, uid: 50_001, isAdmin: false)
    }
}
