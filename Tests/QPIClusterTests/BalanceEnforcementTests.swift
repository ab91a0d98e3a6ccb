import Foundation
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// `EnforceBalance` in the scheduler: an exhausted user's jobs wait without holding
    /// back others', start at the first pass after the balance is raised, and are not
    /// held at all with `EnforceBalance=no`.
    @Suite struct BalanceEnforcementTests {
        @Test func exhaustedBalanceHoldsOnlyThatUsersJobsUntilRaised() async throws {
            try await withCluster { cluster in
                try await cluster.admin("qctl", ["user", "set", TestUser.alice.name, "qpu_seconds=0"])
                // More than a pass reads per queue lane, so bob's job runs only if the
                // controller passes over the waiting ones rather than stopping at them.
                var starved: [JobID] = []
                for _ in 0..<12 { starved.append(try await cluster.submit(Circuits.one, as: .alice)) }
                let others = try await cluster.waitForJob(try await cluster.submit(Circuits.one, as: .bob))
                #expect(others.state == .completed)
                for id in starved {
                    let waiting = try await cluster.waitForJob(id, "to wait for balance") {
                        $0.reason == .balanceExhausted
                    }
                    #expect(waiting.state == .pending)
                }
                let listing = try await cluster.run("qstat", [])
                #expect(listing.stdout.contains("(BalanceExhausted)"), "\(listing)")

                try await cluster.admin("qctl", ["user", "set", TestUser.alice.name, "qpu_seconds=100000"])
                for id in starved { #expect(try await cluster.waitForJob(id).state == .completed) }
            }
        }

        @Test func balancesAreNotEnforcedWithEnforceBalanceNo() async throws {
            try await withCluster(settings: ["EnforceBalance": "no"]) { cluster in
                try await cluster.admin("qctl", ["user", "set", TestUser.alice.name, "qpu_seconds=0"])
                let job = try await cluster.waitForJob(try await cluster.submit(Circuits.one, as: .alice))
                #expect(job.state == .completed)
            }
        }
    }
}
