import Foundation
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// EnforceBalance: a user with no qpu_seconds left has jobs accepted but kept pending
    /// (BalanceExhausted); an approved time request lets them run, each with its time
    /// limit cut to the balance left.
    @Suite struct BalanceExhaustionTests {
        /// Every waiting job of the user shows BalanceExhausted, not only the one at the
        /// front: that reason comes from the scheduler that knows balances.
        @Test func heldByAnEmptyBalanceThenRunAfterAnApprovedTimeRequest() async throws {
            let executors = try ScriptedExecutors()
            let qpus = [ClusterQPU("b0", executorCommand: try executors.gated("approved"))]
            try await withCluster(qpus: qpus) { cluster in
                let alice = TestUser.alice.name
                try await cluster.admin("qctl", ["user", "set", alice, "qpu_seconds=0"])
                let first = try await cluster.submit(Circuits.one, ["--time", "10:00"], as: .alice)
                let second = try await cluster.submit(Circuits.one, ["--time", "10:00"], as: .alice)
                for id in [first, second] {
                    let waiting = try await cluster.waitForJob(id, "to wait for a balance") {
                        $0.reason == .balanceExhausted
                    }
                    #expect(waiting.state == .pending)
                }
                // Still waiting a few scheduling passes later: nothing was dropped or started.
                try await Task.sleep(for: .seconds(2))
                for id in [first, second] {
                    let job = try await cluster.show(id).job
                    #expect(job.state == .pending && job.reason == .balanceExhausted, "\(job)")
                }

                let filed = try await cluster.run(
                    "qres", ["request", "--seconds", "45", "--reason", "two more runs"], as: .alice)
                #expect(filed.succeeded, "\(filed)")
                try await cluster.admin("qctl", ["request", "approve", "1"])

                // The first runs with its 10-minute limit cut to the 45 s the balance covers.
                let running = try await cluster.waitForJob(first, "to run") { $0.state == .running }
                #expect(running.timeLimitSeconds == 45, "\(running)")
                let shown = try await cluster.run("qstat", ["-j", String(first)])
                #expect(shown.stdout.contains("TimeLimit=0:45"), "\(shown)")
                executors.open("approved")
                for id in [first, second] {
                    #expect(try await cluster.waitForJob(id).state == .completed, cluster.logs)
                }
                let usage = try await cluster.accounting(as: .alice)
                let used = usage.jobs.reduce(0) { $0 + $1.qpuSeconds }
                let balance = try #require(usage.users.first { $0.user == alice }?.balance)
                #expect(abs(balance - (45 - used)) < 1e-9)
            }
        }

        /// Limits already promised to a user's running jobs come off the balance first: with
        /// 30 s left and one job running with a 30 s limit, a second job waits even though
        /// another QPU is free, so two concurrent runs cannot spend the balance twice.
        @Test func runningJobsLimitsAreCommittedAgainstTheBalance() async throws {
            let executors = try ScriptedExecutors()
            let gated = try executors.gated("both")
            let qpus = [ClusterQPU("p0", executorCommand: gated), ClusterQPU("p1", executorCommand: gated)]
            try await withCluster(qpus: qpus) { cluster in
                let alice = TestUser.alice.name
                try await cluster.admin("qctl", ["user", "set", alice, "qpu_seconds=30"])
                let first = try await cluster.submit(Circuits.one, ["--time", "10:00"], as: .alice)
                let running = try await cluster.waitForJob(first, "to run") { $0.state == .running }
                #expect(running.timeLimitSeconds == 30)
                let second = try await cluster.submit(Circuits.one, ["--time", "10:00"], as: .alice)
                let waiting = try await cluster.waitForJob(second, "to wait for a balance") {
                    $0.reason == .balanceExhausted
                }
                #expect(waiting.state == .pending)

                executors.open("both")
                for id in [first, second] {
                    #expect(try await cluster.waitForJob(id).state == .completed, cluster.logs)
                }
                let balance = try #require(try await cluster.balance(of: alice))
                #expect(balance > 0 && balance < 30)
            }
        }

        /// A user without balance does not hold up the others: their jobs stay pending
        /// (BalanceExhausted) while another user's later job takes the QPU. This is the
        /// scheduler's eligibility rule, so it passes only with the scheduler that knows
        /// balances.
        @Test func anExhaustedUserDoesNotHoldUpOthers() async throws {
            try await withCluster { cluster in
                let alice = TestUser.alice.name
                try await cluster.admin("qctl", ["user", "set", alice, "qpu_seconds=0"])
                let hers = try await cluster.submit(Circuits.one, as: .alice)
                let his = try await cluster.submit(Circuits.one, as: .bob)
                #expect(try await cluster.waitForJob(his).state == .completed, cluster.logs)
                let waiting = try await cluster.show(hers).job
                #expect(waiting.state == .pending && waiting.reason == .balanceExhausted, "\(waiting)")
            }
        }
    }
}
