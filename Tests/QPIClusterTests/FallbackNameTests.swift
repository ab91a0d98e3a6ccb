import Foundation
import QPITesting
import Testing

extension ClusterSuite {
    /// `uidN` is how the controller names a caller without a passwd entry, and a name an
    /// account, a password or a token may be made for (issue 18, item 14): it must never
    /// stand for root, the daemon's own uid, or a user who has a name.
    @Suite struct FallbackNameTests {
        @Test func uidNamesStandOnlyForUsersWithoutAName() async throws {
            try await withCluster { cluster in
                // uid 1 is a system account (daemon) on Debian: it goes by its own name.
                for name in ["uid0", "uid\(getuid())", "uid1", "uid04242"] {
                    let refused = try await cluster.run("qctl", ["user", "set", name, "qpu_seconds=5"])
                    #expect(refused.exitStatus == 1, "\(refused)")
                    #expect(refused.stderr.contains("no user '\(name)'"), "\(refused)")
                }
                let nameless = try await cluster.run("qctl", ["user", "set", "uid4242", "qpu_seconds=5"])
                #expect(nameless.succeeded, "\(nameless)")
            }
        }
    }
}
