import Foundation
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// A node lost while it runs a job: after NodeTimeout the job goes back to the queue
    /// and runs on another QPU, and the lost QPU takes no jobs until its node is back.
    @Suite struct NodeFailureTests {
        enum NodeLoss: String, CaseIterable, Sendable {
            /// `kill -9`: the link drops.
            case killed
            /// SIGSTOP: the link stays up but the node says nothing.
            case stopped
        }

        @Test(arguments: NodeLoss.allCases)
        func jobOfALostNodeRunsElsewhereOnce(loss: NodeLoss) async throws {
            let executors = try ScriptedExecutors()
            let gated = try executors.gated("lost")
            let qpus = [ClusterQPU("a0", executorCommand: gated), ClusterQPU("a1", executorCommand: gated)]
            try await withCluster(qpus: qpus, settings: ["NodeTimeout": "4s"]) { cluster in
                let id = try await cluster.submit(Circuits.one)
                let lost = try #require(try await cluster.waitForJob(id, "to run") { $0.state == .running }.qpu)
                let other = lost == "a0" ? "a1" : "a0"
                switch loss {
                case .killed: cluster.kill(.node(lost))
                case .stopped: cluster.signal(.node(lost), SIGSTOP)
                }
                executors.open("lost")

                let job = try await cluster.waitForJob(id, within: .seconds(40))
                #expect(job.state == .completed, cluster.logs)
                #expect(job.qpu == other)
                #expect(try await cluster.show(id).events.contains { $0.kind == .requeued })
                let lostState = try await cluster.qpuStatuses().first { $0.qpu.name == lost }?.qpu.state
                #expect(lostState == .down)

                switch loss {
                case .killed: try cluster.start(.node(lost))
                case .stopped: cluster.signal(.node(lost), SIGCONT)
                }
                try await cluster.waitUntilIdle([lost])
                let next = try await cluster.waitForJob(try await cluster.submit(Circuits.one, ["--qpu", lost]))
                #expect(next.state == .completed, cluster.logs)
                let history = try await cluster.show(id).events.map(\.kind)
                #expect(history.filter { $0 == .completed }.count == 1, "\(history)")
                _ = try await cluster.waitFor("the lost node's spool to empty", within: .seconds(15)) {
                    try cluster.spooledResults(of: lost).isEmpty ? true : nil
                }
            }
        }

        @Test func stoppedNodeLeavesNoExecutorBehindAndItsJobRunsAgain() async throws {
            let executors = try ScriptedExecutors()
            try await withCluster(qpus: [ClusterQPU("g0", executorCommand: try executors.gated("restart"))]) {
                cluster in
                let id = try await cluster.submit(Circuits.one)
                _ = try await cluster.waitForJob(id, "to run") { $0.state == .running }
                let executorPIDs = try cluster.processes(under: .node("g0"))
                #expect(!executorPIDs.isEmpty, "the gated executor should be running")

                // SIGTERM: qpid must not leave its executor running with nobody to answer to.
                #expect(cluster.stop(.node("g0")) == .exited(0), cluster.logs)
                _ = try await cluster.waitFor("the stopped node's executor to end", within: .seconds(15)) {
                    executorPIDs.allSatisfy { !ClusterHarness.isAlive($0) } ? true : nil
                }

                executors.open("restart")
                try cluster.start(.node("g0"))
                let job = try await cluster.waitForJob(id, within: .seconds(30))
                #expect(job.state == .completed, cluster.logs)
                let history = try await cluster.show(id).events.map(\.kind)
                #expect(history.filter { $0 == .requeued }.count == 1, "\(history)")
                #expect(history.filter { $0 == .completed }.count == 1, "\(history)")
            }
        }
    }
}
