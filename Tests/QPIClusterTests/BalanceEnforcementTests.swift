import Foundation
import QPICore
import QPIStore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// `EnforceBalance`: jobs of a user with no qpu_seconds left are accepted but wait with
    /// reason BalanceExhausted, and start at the first pass after the balance is raised.
    /// The balance is set through the store, as an admin command would, while the
    /// controller runs (the store is in WAL mode, so both may hold it open).
    @Suite struct BalanceEnforcementTests {
        @Test func exhaustedBalanceHoldsJobsUntilRaised() async throws {
            try await withCluster { cluster in
                let store = try JobStore(path: cluster.stateDirectory + "/qpi.db")
                defer { Task { try? await store.close() } }
                try await store.ensureUser(TestUser.alice.name, uid: TestUser.alice.uid)
                try await store.setBalance(TestUser.alice.name, qpuSeconds: 0)

                let starved = try await cluster.submit(Circuits.one, as: .alice)
                let others = try await cluster.waitForJob(try await cluster.submit(Circuits.one, as: .bob))
                #expect(others.state == .completed)
                let waiting = try await cluster.waitForJob(starved, "to wait for balance") {
                    $0.reason == .balanceExhausted
                }
                #expect(waiting.state == .pending)
                let listing = try await cluster.run("qstat", [])
                #expect(listing.stdout.contains("(BalanceExhausted)"), "\(listing)")

                try await store.setBalance(TestUser.alice.name, qpuSeconds: 100)
                #expect(try await cluster.waitForJob(starved).state == .completed)
            }
        }

        @Test func balancesAreNotEnforcedWithEnforceBalanceNo() async throws {
            try await withCluster(settings: ["EnforceBalance": "no"]) { cluster in
                let store = try JobStore(path: cluster.stateDirectory + "/qpi.db")
                defer { Task { try? await store.close() } }
                try await store.ensureUser(TestUser.alice.name, uid: TestUser.alice.uid)
                try await store.setBalance(TestUser.alice.name, qpuSeconds: -5)
                let job = try await cluster.waitForJob(try await cluster.submit(Circuits.one, as: .alice))
                #expect(job.state == .completed)
            }
        }
    }
}
