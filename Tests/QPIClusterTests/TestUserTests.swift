import Foundation
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// Commands run as an ordinary user carry that user's munge credential, so the
    /// controller sees a non-admin and applies the ownership rules.
    @Suite struct TestUserTests {
        @Test func commandsRunUnderTheTestUsersUID() async throws {
            try await withCluster { cluster in
                let id = try await cluster.submit(Circuits.one, ["--hold"], as: .alice)
                let job = try await cluster.show(id).job
                #expect(job.user == TestUser.alice.name)
                #expect(job.uid == TestUser.alice.uid)

                let foreign = try await cluster.run("qcancel", [String(id)], as: .bob)
                #expect(foreign.exitStatus == 1, "\(foreign)")
                #expect(foreign.stderr.contains("belongs to \(TestUser.alice.name)"), "\(foreign)")

                let own = try await cluster.run("qcancel", [String(id)], as: .alice)
                #expect(own.succeeded, "\(own)")
                #expect(try await cluster.show(id).job.state == .cancelled)
            }
        }
    }
}
