import QPIController
import QPICore
import QPIWire
import Testing

/// A dispatch its node never takes (dropped before the welcome, say) must not leave the
/// job RUNNING with nothing running it: after two heartbeats that neither accept nor list
/// it, the job goes back to the queue and is dispatched again.
struct UnacceptedDispatchTests {
    @Test func aDispatchTheNodeNeverTookIsRequeuedAfterTwoHeartbeats() async throws {
        let cluster = try await InProcessController()
        let first = try await cluster.submitAndDispatch(user: "alice")
        await cluster.controller.nodeHeartbeat(qpu: "q1", running: [])
        #expect(cluster.link.dispatches(of: first.jobID).count == 1)
        await cluster.controller.nodeHeartbeat(qpu: "q1", running: [])
        let again = try await cluster.nextDispatch(of: first.jobID, after: first)
        #expect(again.dispatchID != first.dispatchID)
    }

    @Test func aDispatchTheNodeAcceptedOrListsStaysWithIt() async throws {
        let accepting = try await InProcessController()
        let accepted = try await accepting.submitAndDispatch(user: "alice")
        await accepting.controller.nodeAccepted(qpu: "q1", ref: accepted)
        for _ in 0..<3 { await accepting.controller.nodeHeartbeat(qpu: "q1", running: []) }
        #expect(accepting.link.dispatches(of: accepted.jobID) == [accepted])

        let listing = try await InProcessController()
        let listed = try await listing.submitAndDispatch(user: "bob")
        for _ in 0..<3 { await listing.controller.nodeHeartbeat(qpu: "q1", running: [listed]) }
        #expect(listing.link.dispatches(of: listed.jobID) == [listed])
    }
}
