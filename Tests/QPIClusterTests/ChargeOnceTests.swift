import Foundation
import QPIAuth
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// Exactly-once charging when `qpictld` is killed with `kill -9` while a result is in
    /// flight. Signals place the crash in each window deterministically:
    ///
    /// - SIGSTOP of the controller holds the result at its door: the node finishes, spools
    ///   the result and sends it, and nothing can be stored or acknowledged.
    /// - SIGSTOP of the node, then SIGCONT of the controller: the controller commits the
    ///   end state and the charge and acknowledges, but the node cannot read the
    ///   acknowledgement; `kill -9` of both then leaves a committed result still spooled.
    ///
    /// After restarts the node sends its spooled result again; it must be charged once.
    @Suite struct ChargeOnceTests {
        static let balance = 100.0

        /// Starts the job, stops the controller, lets the job finish; returns when the
        /// node has spooled the result and logged it finished (its send follows at once).
        func finishWhileControllerStopped(
            _ cluster: ClusterHarness, _ executors: ScriptedExecutors
        ) async throws -> JobID {
            let me = UserDirectory().name(for: getuid())
            try await cluster.admin("qctl", ["user", "set", me, "qpu_seconds=\(Self.balance)"])
            let id = try await cluster.submit(Circuits.bell, ["--shots", "500"])
            _ = try await cluster.waitForJob(id, "to run") { $0.state == .running }
            cluster.signal(.controller, SIGSTOP)
            executors.open("finish")
            _ = try await cluster.waitFor("the node to spool the result", within: .seconds(60)) {
                try cluster.spooledResults(of: "c0").isEmpty ? nil : true
            }
            let log = cluster.path(of: "log/qpid-c0.log")
            _ = try await cluster.waitFor("qpid to log job \(id) finished", within: .seconds(60)) { () -> Bool? in
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                return text.contains("job finished job=\(id) ") ? true : nil
            }
            // The send into the stopped controller's socket follows the log line at once;
            // the grace only covers NNG's I/O thread writing it out.
            try await Task.sleep(for: .seconds(1))
            return id
        }

        /// The job ended once, with its result, and the balance fell by what it used, once.
        func expectChargedOnce(_ id: JobID, _ cluster: ClusterHarness) async throws {
            let shown = try await cluster.show(id)
            #expect(shown.job.state == .completed, cluster.logs)
            #expect(shown.events.filter { $0.kind == .completed }.count == 1, "\(shown.events)")
            let used = shown.job.qpuSeconds
            #expect(used > 0)
            let me = UserDirectory().name(for: getuid())
            let balance = try #require(try await cluster.balance(of: me))
            #expect(abs(balance - (Self.balance - used)) < 1e-9, "balance \(balance) after a job that used \(used)")
            let usage = try await cluster.accounting(["-j", String(id)])
            #expect(usage.jobs.first?.qpuSeconds == used)
            #expect(usage.users.first?.usedSeconds == used)
        }

        @Test func aResultCommittedButNeverAcknowledgedIsChargedOnce() async throws {
            let executors = try ScriptedExecutors()
            let qpus = [ClusterQPU("c0", executorCommand: try executors.gated("finish"))]
            try await withCluster(qpus: qpus) { cluster in
                let id = try await self.finishWhileControllerStopped(cluster, executors)
                cluster.signal(.node("c0"), SIGSTOP)
                cluster.signal(.controller, SIGCONT)
                let committed = try await cluster.waitForJob(id, within: .seconds(20))
                #expect(committed.state == .completed, cluster.logs)
                #expect(try cluster.spooledResults(of: "c0").count == 1, "the node read an acknowledgement")

                cluster.kill(.controller)
                cluster.kill(.node("c0"))
                try await cluster.startDaemons()
                _ = try await cluster.waitFor("the node to resend and drop its spooled result", within: .seconds(30)) {
                    try cluster.spooledResults(of: "c0").isEmpty ? true : nil
                }
                try await self.expectChargedOnce(id, cluster)
            }
        }

        @Test func aResultLostWithTheControllerIsStoredAndChargedOnceAfterRestart() async throws {
            let executors = try ScriptedExecutors()
            let qpus = [ClusterQPU("c0", executorCommand: try executors.gated("finish"))]
            try await withCluster(qpus: qpus) { cluster in
                let id = try await self.finishWhileControllerStopped(cluster, executors)
                cluster.kill(.controller)
                try cluster.start(.controller)
                try await cluster.waitUntilAnswering()
                let job = try await cluster.waitForJob(id, within: .seconds(30))
                #expect(job.state == .completed, cluster.logs)
                _ = try await cluster.waitFor("the node to drop its spooled result", within: .seconds(30)) {
                    try cluster.spooledResults(of: "c0").isEmpty ? true : nil
                }
                try await self.expectChargedOnce(id, cluster)
            }
        }

        /// A run its node stops at the time limit held the QPU for the whole limit: that is
        /// what its user pays, not 0.
        @Test func aRunStoppedAtItsLimitIsChargedTheLimit() async throws {
            let executors = try ScriptedExecutors()
            let qpus = [ClusterQPU("c0", executorCommand: try executors.gated("never"))]
            try await withCluster(qpus: qpus) { cluster in
                let alice = TestUser.alice.name
                try await cluster.admin("qctl", ["user", "set", alice, "qpu_seconds=\(Self.balance)"])
                let id = try await cluster.submit(Circuits.one, ["--time", "0:02"], as: .alice)
                let job = try await cluster.waitForJob(id, within: .seconds(30))
                #expect(job.state == .timeout, cluster.logs)
                #expect(job.qpuSeconds == 2)
                #expect(try await cluster.balance(of: alice) == Self.balance - 2)
            }
        }
    }
}
