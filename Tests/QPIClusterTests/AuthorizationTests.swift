import Foundation
import QPIClient
import QPIControllerClient
import QPICore
import QPIDocuments
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// Who may do what, with real munge credentials of other uids: the owner, another
    /// user and an admin (root) for every mutating command.
    @Suite struct AuthorizationTests {
        @Test func onlyAdminsChangeQPUs() async throws {
            try await withCluster(linkPorts: 8) { cluster in
                let commands: [[String]] = [
                    ["qpu", "create", "lab"], ["qpu", "drain", "sim0"], ["qpu", "resume", "sim0"],
                    ["qpu", "disable", "sim0"], ["qpu", "enable", "sim0"], ["qpu", "rotate-token", "lab"],
                    ["qpu", "delete", "lab"],
                ]
                for arguments in commands {
                    let refused = try await cluster.run("qctl", arguments, as: .alice)
                    #expect(refused.exitStatus == 1, "\(refused)")
                    #expect(refused.stderr.contains("only root or an AdminUsers account"), "\(refused)")
                    let allowed = try await cluster.run("qctl", arguments)
                    #expect(allowed.succeeded, "\(allowed)")
                }
                // Users still see the QPUs, as in Slurm.
                #expect(try await cluster.run("qinfo", [], as: .alice).succeeded)
            }
        }

        @Test func jobsAreReadAndCancelledByTheirOwnerOrAnAdminOnly() async throws {
            try await withCluster { cluster in
                let id = try await cluster.submit(Circuits.one, ["--shots", "5"], as: .alice)
                _ = try await cluster.waitForJob(id)
                let queue = try await cluster.run("qstat", ["-a"], as: .bob)
                #expect(queue.succeeded && queue.stdout.contains(String(id)), "\(queue)")

                let foreignResult = try await cluster.run("qresult", [String(id)], as: .bob)
                #expect(foreignResult.exitStatus == 1, "\(foreignResult)")
                #expect(foreignResult.stderr.contains("belongs to \(TestUser.alice.name)"), "\(foreignResult)")
                #expect(try await cluster.run("qresult", [String(id)], as: .alice).succeeded)
                #expect(try await cluster.run("qresult", [String(id)]).succeeded)

                let held = try await cluster.submit(Circuits.one, ["--hold"], as: .alice)
                let foreignCancel = try await cluster.run("qcancel", [String(held)], as: .bob)
                #expect(foreignCancel.exitStatus == 1, "\(foreignCancel)")
                #expect(try await cluster.show(held).job.state == .pending)
                #expect(try await cluster.run("qcancel", [String(held)]).succeeded)
                #expect(try await cluster.show(held).job.state == .cancelled)
            }
        }

        @Test func apiTokensBelongToTheirUser() async throws {
            try await withCluster { cluster in
                let created = try await cluster.document(
                    CreatedTokenJSON.self, "qctl", ["token", "create", "--name", "ci", "--json"], as: .alice)
                #expect(created.info.user == TestUser.alice.name)
                #expect(created.token.hasPrefix("qpi_\(created.info.id)."))
                let id = String(created.info.id)

                for arguments in [
                    ["token", "show", id], ["token", "update", id, "--name", "x"], ["token", "revoke", id],
                ] {
                    let refused = try await cluster.run("qctl", arguments, as: .bob)
                    #expect(refused.exitStatus == 1, "\(refused)")
                    #expect(refused.stderr.contains("no API token \(id) of yours"), "\(refused)")
                }
                let forOther = try await cluster.run(
                    "qctl", ["token", "create", "--user", TestUser.alice.name], as: .bob)
                #expect(forOther.stderr.contains("may not manage the API tokens of"), "\(forOther)")
                let bobs = try await cluster.document(
                    ListJSON<TokenJSON>.self, "qctl", ["token", "list", "--json"], as: .bob
                ).items
                #expect(bobs.isEmpty)

                // The owner and an admin may; a revoked token no longer verifies.
                #expect(
                    try await cluster.run("qctl", ["token", "update", id, "--expires", "2d"], as: .alice).succeeded)
                let all = try await cluster.document(ListJSON<TokenJSON>.self, "qctl", ["token", "list", "--json"])
                    .items
                #expect(all.map(\.id) == [created.info.id])
                let shown = try await cluster.document(TokenJSON.self, "qctl", ["token", "show", id, "--json"])
                #expect(shown.expiresAt != nil && shown.name == "ci")
                #expect(try await cluster.run("qctl", ["token", "revoke", id]).succeeded)
                let revoked = try await cluster.document(
                    TokenJSON.self, "qctl", ["token", "show", id, "--json"], as: .alice)
                #expect(revoked.revokedAt != nil)
            }
        }

        @Test func apiTokensVerifyUntilRevokedOrExpired() async throws {
            try await withCluster { cluster in
                let client = try cluster.client()
                defer { client.close() }
                let lasting = try await client.call(TokenCreateRequest(name: "lasting"))
                let brief = try await client.call(TokenCreateRequest(name: "brief", expiresInSeconds: 3))
                #expect(try await client.call(TokenVerifyRequest(token: lasting.token)).info.id == lasting.info.id)
                #expect(try await client.call(TokenVerifyRequest(token: brief.token)).info.name == "brief")

                func refusal(_ token: String) async -> String {
                    do {
                        _ = try await client.call(TokenVerifyRequest(token: token))
                        return "accepted"
                    } catch {
                        return error.wire?.code == .unauthenticated ? error.message : "\(error)"
                    }
                }
                #expect(await refusal(lasting.token + "x") == "invalid API token")
                #expect(
                    await refusal("qpi_\(lasting.info.id).\(brief.token.split(separator: ".")[1])")
                        == "invalid API token")
                #expect(await refusal("") == "invalid API token")
                _ = try await cluster.waitFor("token \(brief.info.id) to expire", within: .seconds(30)) {
                    await refusal(brief.token) == "API token \(brief.info.id) expired" ? true : nil
                }
                _ = try await client.call(TokenRevokeRequest(id: lasting.info.id))
                #expect(await refusal(lasting.token) == "API token \(lasting.info.id) was revoked")
            }
        }
    }
}
