import Foundation
import QPICore
import QPITesting
import Testing

extension ClusterSuite {
    /// `kill -9` of `qpid` leaves it no chance to stop its executor; the executor guard
    /// (`qpi-executor-guard`) must end it, and what it started, by itself.
    @Suite struct ExecutorOrphanTests {
        @Test func executorDiesWithItsKilledNode() async throws {
            let executors = try ScriptedExecutors()
            try await withCluster(qpus: [ClusterQPU("o0", executorCommand: try executors.gated("orphan"))]) {
                cluster in
                let id = try await cluster.submit(Circuits.one)
                _ = try await cluster.waitForJob(id, "to run") { $0.state == .running }
                let executorPIDs = try cluster.processes(under: .node("o0"))
                // The guard, the shell running the gated script, its loop and the simulator.
                #expect(executorPIDs.count >= 3, "\(executorPIDs)")

                cluster.kill(.node("o0"))
                _ = try await cluster.waitFor("the killed node's executor to end", within: .seconds(30)) {
                    executorPIDs.allSatisfy { !ClusterHarness.isAlive($0) } ? true : nil
                }

                // The job goes back to the queue and runs once the node is back.
                executors.open("orphan")
                try cluster.start(.node("o0"))
                let job = try await cluster.waitForJob(id, within: .seconds(30))
                #expect(job.state == .completed, cluster.logs)
            }
        }
    }
}
