import Foundation
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// Nodes under an account of their own (issue 18, item 9): `NodeUsers` may run qpid
    /// for the QPUs of qpi.conf without being administrators. Before, a node's hello had to
    /// come from root or an AdminUsers account, so the shipped units ran qpid, and every
    /// executor, as the controller's own account.
    @Suite struct NodeAccountTests {
        @Test func aNodeUserRunsItsQPUAndNothingElse() async throws {
            let node = TestUser.bob
            let stranger = TestUser.alice
            let qpus = [
                ClusterQPU("q0", launcher: try node.nodeLauncher),
                ClusterQPU("q1", launcher: try stranger.nodeLauncher),
            ]
            try await withCluster(qpus: qpus, settings: ["NodeUsers": node.name], daemons: false) { cluster in
                try cluster.prepareNode("q0", for: node)
                try cluster.prepareNode("q1", for: stranger)
                try cluster.start(.controller)
                try await cluster.waitUntilAnswering()
                try cluster.start(.node("q0"))
                try cluster.start(.node("q1"))
                try await cluster.waitUntilIdle(["q0"])
                let id = try await cluster.submit(Circuits.bell, ["--qpu", "q0", "--shots", "40"])
                #expect(try await cluster.waitForJob(id, within: .seconds(60)).state == .completed, cluster.logs)

                // An account in neither list is refused, and its qpid ends saying why.
                let ended = try await cluster.waitForExit(of: .node("q1"), within: .seconds(60))
                #expect(ended == .exited(1), "\(ended)")
                #expect(
                    cluster.log(of: .node("q1")).contains("only root, AdminUsers or NodeUsers accounts may run a node"),
                    "\(cluster.log(of: .node("q1")))")
                let q1 = try await cluster.qpuStatuses().first { $0.qpu.name == "q1" }?.qpu
                #expect(q1?.state == .down, "\(String(describing: q1))")

                // A node account is no administrator.
                let drain = try await cluster.run("qctl", ["qpu", "drain", "q0"], as: node)
                #expect(
                    drain.exitStatus == 1 && drain.stderr.contains("only root or an AdminUsers account"), "\(drain)")
            }
        }
    }
}
