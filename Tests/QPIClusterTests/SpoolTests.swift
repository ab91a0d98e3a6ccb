import Foundation
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// A result that a node spooled but could not hand over survives the node's own crash
    /// and is accepted once when both daemons are back.
    @Suite struct SpoolTests {
        /// What happens to the controller while the job finishes on the node.
        enum ControllerOutage: String, CaseIterable, Sendable {
            /// Killed: the result is only in the node's spool.
            case killed
            /// Stopped, so the result waits unread in its socket, then continued after the
            /// node's death: it may store the result from there, and the spool sends it again.
            case stoppedThenContinued
        }

        @Test(arguments: ControllerOutage.allCases)
        func spooledResultIsAcceptedOnceAfterBothDaemonsRestart(outage: ControllerOutage) async throws {
            let executors = try ScriptedExecutors()
            try await withCluster(qpus: [ClusterQPU("g0", executorCommand: try executors.gated("spool"))]) { cluster in
                let first = try await cluster.submit(Circuits.one)
                let second = try await cluster.submit(Circuits.one)
                _ = try await cluster.waitForJob(first, "to run") { $0.state == .running }

                switch outage {
                case .killed: cluster.kill(.controller)
                case .stoppedThenContinued: cluster.signal(.controller, SIGSTOP)
                }
                executors.open("spool")
                _ = try await cluster.waitFor("the first job's result in the spool", within: .seconds(30)) {
                    try cluster.spooledResults(of: "g0").contains { $0.hasPrefix("\(first)-") } ? true : nil
                }
                cluster.kill(.node("g0"))
                switch outage {
                case .killed: try cluster.start(.controller)
                case .stoppedThenContinued: cluster.signal(.controller, SIGCONT)
                }
                try await cluster.waitUntilAnswering()
                try cluster.start(.node("g0"))

                for id in [first, second] {
                    let job = try await cluster.waitForJob(id)
                    #expect(job.state == .completed, cluster.logs)
                }
                let history = try await cluster.show(first).events.map(\.kind)
                #expect(history.filter { $0 == .dispatched }.count == 1, "ran again: \(history)")
                #expect(history.filter { $0 == .completed }.count == 1, "\(history)")
                let result = try await cluster.run("qresult", [String(first)])
                #expect(result.succeeded, "\(result)")
                _ = try await cluster.waitFor("the spool to empty", within: .seconds(15)) {
                    try cluster.spooledResults(of: "g0").isEmpty ? true : nil
                }
            }
        }
    }
}
