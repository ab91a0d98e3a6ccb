import QPICore
import QPITesting
import QPIWire
import Testing

@testable import QPIController

/// DispatchDepth: a QPU's node holds up to that many dispatches, the first running and the
/// rest queued behind it, so the next job is already there when one ends.
struct DispatchDepthTests {
    static func settings(depth: Int) -> ControllerSettings {
        var settings = ControllerSettings()
        settings.dispatchDepth = depth
        return settings
    }

    static func completed(_ ref: JobRef) -> JobOutcome {
        JobOutcome(ref: ref, status: .completed, results: [], message: nil, deviceSeconds: 0.01)
    }

    /// Submits `count` jobs for alice.
    static func submit(_ count: Int, to cluster: InProcessController) async throws -> [JobID] {
        var ids: [JobID] = []
        for _ in 0..<count {
            ids.append(try await cluster.controller.submit(cluster.request(), by: cluster.caller("alice")))
        }
        return ids
    }

    @Test func aQPUTakesUpToDispatchDepthJobsAndOneMoreAsEachEnds() async throws {
        let cluster = try await InProcessController(settings: Self.settings(depth: 3))
        let ids = try await Self.submit(5, to: cluster)
        for id in ids[0..<3] { _ = try await cluster.dispatch(of: id, on: cluster.link) }
        // One more pass, however the others went: the QPU is full.
        await cluster.controller.schedulePass()
        #expect(cluster.link.allDispatches.map(\.jobID) == Array(ids[0..<3]))
        for id in ids[0..<3] {
            let running = try await cluster.controller.showJob(id, by: cluster.caller("alice")).job
            #expect(running.state == .running && running.qpu == "q1", "\(running)")
        }

        // Results arrive in the order the node runs the jobs; each frees one place.
        let first = try #require(cluster.link.dispatched(ids[0]))
        await cluster.controller.nodeResult(qpu: "q1", outcome: Self.completed(first))
        _ = try await cluster.dispatch(of: ids[3], on: cluster.link)
        let ended = try await cluster.controller.showJob(ids[0], by: cluster.caller("alice")).job
        #expect(ended.state == .completed)
        await cluster.controller.schedulePass()
        #expect(cluster.link.dispatched(ids[4]) == nil)
        let waiting = try await cluster.controller.showJob(ids[4], by: cluster.caller("alice")).job
        #expect(waiting.state == .pending)
    }

    @Test func depthOneSendsAJobOnlyToAnIdleQPU() async throws {
        let cluster = try await InProcessController(settings: Self.settings(depth: 1))
        let ids = try await Self.submit(2, to: cluster)
        _ = try await cluster.dispatch(of: ids[0], on: cluster.link)
        await cluster.controller.schedulePass()
        #expect(cluster.link.allDispatches.map(\.jobID) == [ids[0]])
    }

    /// A QPU with booked slots takes one job at a time whatever DispatchDepth says, so that
    /// no job waiting in its node's queue can start inside a slot.
    @Test func aQPUWithBookedSlotsTakesOneJobAtATime() async throws {
        let cluster = try await InProcessController(settings: Self.settings(depth: 3))
        let now = cluster.clock.now()
        _ = try await cluster.controller.book(
            BookRequest(qpu: "q1", start: now + 7_200, end: now + 10_800), by: cluster.caller("alice"))
        let ids = try await Self.submit(2, to: cluster)
        _ = try await cluster.dispatch(of: ids[0], on: cluster.link)
        await cluster.controller.schedulePass()
        #expect(cluster.link.allDispatches.map(\.jobID) == [ids[0]])
    }

    /// A job queued on its node has not started: the time limit holds the first in flight
    /// only, and the next one's runs from when the first ended.
    @Test func theTimeLimitRuleCountsFromWhenAQueuedJobBecameFirst() async throws {
        let cluster = try await InProcessController(settings: Self.settings(depth: 2))
        var request = cluster.request()
        request.options.timeLimitSeconds = 60
        let ids = [
            try await cluster.controller.submit(request, by: cluster.caller("alice")),
            try await cluster.controller.submit(request, by: cluster.caller("alice")),
        ]
        let first = try await cluster.dispatch(of: ids[0], on: cluster.link)
        let second = try await cluster.dispatch(of: ids[1], on: cluster.link)

        // Past the first's limit plus JobTimeout (20 s): the first is taken back, the
        // second, which waited behind it, is not.
        try await Self.pass(81, on: cluster)
        #expect(cluster.link.cancels == [first])
        let again = try await cluster.nextDispatch(of: ids[0], after: first)
        let waited = try await cluster.controller.showJob(ids[1], by: cluster.caller("alice")).job
        #expect(waited.state == .running && waited.dispatchID == second.dispatchID, "\(waited)")

        // The second's own limit counts from that moment; the first, now queued behind it,
        // is left alone.
        try await Self.pass(81, on: cluster)
        #expect(cluster.link.cancels == [first, second])
        #expect(!cluster.link.cancels.contains(again))
    }

    /// Lets `seconds` pass on the controller's clock in steps shorter than its recovery
    /// interval, with a heartbeat and a recovery sweep at each, the node having taken every
    /// dispatch sent.
    static func pass(_ seconds: Double, on cluster: InProcessController) async throws {
        var left = seconds
        while left > 0 {
            let step = min(left, 5)
            cluster.clock.advance(step)
            left -= step
            for ref in cluster.link.allDispatches { await cluster.controller.nodeAccepted(qpu: "q1", ref: ref) }
            await cluster.controller.nodeHeartbeat(qpu: "q1", running: [])
            await cluster.controller.recoverySweep()
        }
    }

    /// A node's hello lists what it holds, running first: runs it no longer knows go back to
    /// the queue, and the places they held take new jobs.
    @Test func aHelloWithoutQueuedRunsRequeuesThemAndRefillsTheQueue() async throws {
        let cluster = try await InProcessController(settings: Self.settings(depth: 3))
        let ids = try await Self.submit(4, to: cluster)
        for id in ids[0..<3] { _ = try await cluster.dispatch(of: id, on: cluster.link) }
        let refs = try ids[0..<3].map { try #require(cluster.link.dispatched($0)) }

        // The node restarted having kept only the first (say, its spool survived).
        let reply = await cluster.controller.nodeConnected(
            NodeHello(session: 2, qpu: "q1", executor: "sim", qubits: 8, running: [refs[0]], spooled: []),
            link: cluster.link)
        guard case .welcome = reply else { throw HarnessError("no welcome: \(reply)") }
        await cluster.controller.nodeWelcomed(qpu: "q1", link: cluster.link, session: 2)

        // Jobs 2 and 3, older than job 4, take the two free places again; the first is
        // still the run the node kept, and job 4 still waits, as no place has freed since.
        for (id, ref) in zip(ids[1..<3], refs[1..<3]) {
            _ = try await cluster.nextDispatch(of: id, after: ref)
        }
        let kept = try await cluster.controller.showJob(ids[0], by: cluster.caller("alice")).job
        #expect(kept.state == .running && kept.dispatchID == refs[0].dispatchID)
        await cluster.controller.schedulePass()
        #expect(cluster.link.allDispatches.count == 5, "\(cluster.link.allDispatches)")
        #expect(cluster.link.dispatched(ids[3]) == nil)
    }
}
