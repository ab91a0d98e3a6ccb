import Logging
import Prometheus
import QPIController
import QPIControllerDaemon
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

/// Takes every credential for one ordinary user.
private struct FixedAuthenticator: RequestAuthenticator {
    let user: String

    func authenticate(credential: String, body: [UInt8]) async throws(WireError) -> Caller {
        Caller(user: self.user, uid: 50_001, isAdmin: false)
    }
}
