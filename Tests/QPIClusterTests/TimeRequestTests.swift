import Foundation
import QPICore
import QPIDocuments
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// `qres request|requests` and `qctl request approve|reject`: requests are the users'
    /// own, decisions are the admins', and an approval adds its seconds exactly once.
    @Suite struct TimeRequestTests {
        func file(_ seconds: String, as user: TestUser, in cluster: ClusterHarness) async throws -> Int64 {
            let result = try await cluster.run(
                "qres", ["request", "--seconds", seconds, "--reason", "calibration study", "--json"], as: user)
            guard result.succeeded else { throw HarnessError("\(result)") }
            return try APIJSON.decoder.decode(TimeRequestJSON.self, from: Data(result.stdout.utf8)).id
        }

        func requests(_ arguments: [String], as user: TestUser? = nil, in cluster: ClusterHarness) async throws
            -> [TimeRequestJSON]
        {
            try await cluster.document(
                ListJSON<TimeRequestJSON>.self, "qres", ["requests", "--json"] + arguments, as: user
            )
            .items
        }

        @Test func usersFileRequestsAndAdminsDecideThemOnce() async throws {
            try await withCluster { cluster in
                let alice = TestUser.alice.name
                try await cluster.admin("qctl", ["user", "set", alice, "qpu_seconds=10"])
                let text = try await cluster.run(
                    "qres", ["request", "--seconds", "2h", "--reason", "thesis"], as: .alice)
                #expect(
                    text.succeeded && text.stdout == "Submitted time request 1 for 7200.000 qpu_seconds\n", "\(text)")
                let second = try await self.file("600", as: .alice, in: cluster)
                let bobs = try await self.file("60", as: .bob, in: cluster)

                // Each user sees their own; only admins see everyone's.
                #expect(try await self.requests([], as: .alice, in: cluster).map(\.id) == [1, second])
                #expect(try await self.requests([], as: .bob, in: cluster).map(\.id) == [bobs])
                let peek = try await cluster.run("qres", ["requests", "--all"], as: .bob)
                #expect(peek.exitStatus == 1 && peek.stderr.contains("may list other users' time requests"), "\(peek)")
                #expect(
                    try await self.requests(["--all"], in: cluster).map(\.user) == [alice, alice, TestUser.bob.name])

                // Users cannot approve, not even their own.
                let selfApproval = try await cluster.run("qctl", ["request", "approve", "1"], as: .alice)
                #expect(selfApproval.exitStatus == 1, "\(selfApproval)")
                #expect(selfApproval.stderr.contains("may approve or reject time requests"), "\(selfApproval)")
                #expect(try await cluster.balance(of: alice) == 10)

                let approved = try await cluster.admin("qctl", ["request", "approve", "1", "--note", "granted"])
                #expect(approved == "Request 1 approved: \(alice) has qpu_seconds=7210.000\n")
                let rejected = try await cluster.admin("qctl", ["request", "reject", String(second)])
                #expect(rejected == "Request \(second) rejected: \(alice) has qpu_seconds=7210.000\n")

                // Decided once: a second approval, or a rejection after approval, is refused.
                for arguments in [["approve", "1"], ["reject", "1"], ["approve", String(second)]] {
                    let again = try await cluster.run("qctl", ["request"] + arguments)
                    #expect(again.exitStatus == 1 && again.stderr.contains("already"), "\(again)")
                }
                #expect(try await cluster.balance(of: alice) == 7_210)
                let listed = try await self.requests([], as: .alice, in: cluster)
                #expect(listed.map(\.state) == [.approved, .rejected])
                #expect(listed.first?.note == "granted" && listed.first?.decidedBy == "root")
                let table = try await cluster.run("qres", ["requests"], as: .alice)
                #expect(table.stdout.contains("APPROVED") && table.stdout.contains("granted"), "\(table)")

                let missing = try await cluster.run("qctl", ["request", "approve", "99"])
                #expect(missing.exitStatus == 1 && missing.stderr.contains("no time request 99"), "\(missing)")
                for (arguments, message) in [
                    (["--seconds", "0", "--reason", "x"], "invalid --seconds '0'"),
                    (["--seconds", "lots", "--reason", "x"], "invalid --seconds 'lots'"),
                    (["--seconds", "10", "--reason", "  "], "--reason must say why"),
                ] {
                    let refused = try await cluster.run("qres", ["request"] + arguments, as: .alice)
                    #expect(refused.exitStatus == 2 && refused.stderr.contains(message), "\(refused)")
                }
            }
        }

        /// Two admins approve the same request at the same moment, from separate processes:
        /// one wins, the other is told it was already approved, and the seconds count once.
        @Test func concurrentApprovalsAddTheSecondsOnce() async throws {
            try await withCluster { cluster in
                let bob = TestUser.bob.name
                try await cluster.admin("qctl", ["user", "set", bob, "qpu_seconds=0"])
                var ids: [Int64] = []
                for _ in 0..<5 { ids.append(try await self.file("100", as: .bob, in: cluster)) }
                let outcomes = try await withThrowingTaskGroup(of: CommandResult.self) { group in
                    for id in ids {
                        for _ in 0..<2 {
                            group.addTask { try await cluster.run("qctl", ["request", "approve", String(id)]) }
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(outcomes.filter(\.succeeded).count == ids.count, "\(outcomes)")
                for refused in outcomes where !refused.succeeded {
                    #expect(refused.stderr.contains("already approved by root"), "\(refused)")
                }
                #expect(try await cluster.balance(of: bob) == 500)
            }
        }
    }
}
