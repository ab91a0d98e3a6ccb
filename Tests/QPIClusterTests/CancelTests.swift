import Foundation
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// `qcancel` of pending and running jobs, through the real daemons.
    @Suite struct CancelTests {
        @Test func cancelledHeldJobNeverRuns() async throws {
            try await withCluster { cluster in
                let id = try await cluster.submit(Circuits.one, ["--hold"])
                let held = try await cluster.show(id).job
                #expect(held.state == .pending)
                #expect(held.reason == .held)

                let cancel = try await cluster.run("qcancel", [String(id)])
                #expect(cancel.succeeded, "\(cancel)")
                let shown = try await cluster.show(id)
                #expect(shown.job.state == .cancelled)
                #expect(!shown.events.contains { $0.kind == .dispatched }, "\(shown.events)")

                let again = try await cluster.run("qcancel", [String(id)])
                #expect(again.exitStatus == 1)
                #expect(again.stderr.contains("already ended CANCELLED"), "\(again)")
                let result = try await cluster.run("qresult", [String(id)])
                #expect(result.exitStatus == 1)
                #expect(result.stderr.contains("without results"), "\(result)")
            }
        }

        @Test func cancelledRunningJobIsStoppedOnItsNode() async throws {
            let executors = try ScriptedExecutors()
            try await withCluster(qpus: [ClusterQPU("gate0", executorCommand: try executors.gated("cancel"))]) {
                cluster in
                let id = try await cluster.submit(Circuits.one)
                _ = try await cluster.waitForJob(id, "to run") { $0.state == .running }
                // Queued behind it: dispatched the moment the cancel frees the QPU, while the
                // node is still killing the cancelled job's executor.
                let next = try await cluster.submit(Circuits.one)
                let executorPIDs = try cluster.processes(under: .node("gate0"))
                #expect(!executorPIDs.isEmpty, "the gated executor should be running")

                let cancel = try await cluster.run("qcancel", [String(id)])
                #expect(cancel.succeeded, "\(cancel)")
                #expect(try await cluster.show(id).job.state == .cancelled)

                // The node kills the executor: every process it had started ends.
                _ = try await cluster.waitFor("the cancelled job's executor to end", within: .seconds(15)) {
                    executorPIDs.allSatisfy { !ClusterHarness.isAlive($0) } ? true : nil
                }
                // The node reports the stop, the controller acknowledges it, the spool empties.
                _ = try await cluster.waitFor("the node's spool to empty", within: .seconds(15)) {
                    try cluster.spooledResults(of: "gate0").isEmpty ? true : nil
                }
                // The QPU is free again: the queued job runs there, in an executor of its own.
                let running = try await cluster.waitForJob(next, "to run") { $0.state != .pending }
                #expect(running.state == .running, "\(running.message ?? "")")
                #expect(running.qpu == "gate0")
                executors.open("cancel")
                let completed = try await cluster.waitForJob(next)
                #expect(completed.state == .completed, "\(completed.message ?? "")")
            }
        }

        /// With DispatchDepth 2 the node holds a second job queued behind the running one.
        /// Cancelled there, it never runs, the node reports it stopped, and its place on the
        /// QPU goes to the next job; nothing is charged for it.
        @Test func cancelledJobQueuedOnItsNodeNeverRunsAndFreesItsPlace() async throws {
            let executors = try ScriptedExecutors()
            try await withCluster(
                qpus: [ClusterQPU("gate0", executorCommand: try executors.gated("queue"))],
                settings: ["DispatchDepth": "2"]
            ) { cluster in
                let first = try await cluster.submit(Circuits.one)
                let queued = try await cluster.submit(Circuits.one)
                _ = try await cluster.waitForJob(queued, "to be sent to the node") { $0.state == .running }
                // The node holds two: the third waits in the controller's queue.
                let third = try await cluster.submit(Circuits.one)
                #expect(try await cluster.show(third).job.state == .pending)

                let cancel = try await cluster.run("qcancel", [String(queued)])
                #expect(cancel.succeeded, "\(cancel)")
                let sent = try await cluster.waitForJob(third, "to take the freed place") { $0.state == .running }
                #expect(sent.qpu == "gate0")
                // The node's report of the stop is acknowledged: only the first's run is in
                // flight, and nothing is spooled.
                _ = try await cluster.waitFor("the node's spool to empty", within: .seconds(15)) {
                    try cluster.spooledResults(of: "gate0").isEmpty ? true : nil
                }

                executors.open("queue")
                for id in [first, third] {
                    let ended = try await cluster.waitForJob(id)
                    #expect(ended.state == .completed, "\(ended.message ?? "")")
                }
                let cancelled = try await cluster.show(queued)
                #expect(cancelled.job.state == .cancelled)
                #expect(cancelled.job.qpuSeconds == 0)
            }
        }
    }
}
