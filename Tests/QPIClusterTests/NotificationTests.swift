import Foundation
import QPICore
import QPIDocuments
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// `qctl notify` and the notices commands print: admins publish, each user sees what
    /// is meant for them inside its window, once on standard error, until dismissed.
    @Suite struct NotificationTests {
        func visible(to user: TestUser?, in cluster: ClusterHarness, all: Bool = false) async throws -> [Int64] {
            try await cluster.document(
                ListJSON<NotificationJSON>.self, "qctl", ["notify", "list", "--json"] + (all ? ["--all"] : []), as: user
            ).items.map(\.id)
        }

        func create(_ arguments: [String], in cluster: ClusterHarness) async throws -> NotificationJSON {
            try await cluster.document(NotificationJSON.self, "qctl", ["notify", "create", "--json"] + arguments)
        }

        /// A command's notices come back on its own reply: one signed request per command,
        /// whether or not there is something to show.
        @Test func aCommandsNoticesRideOnItsOwnReply() async throws {
            try await withCluster { cluster in
                let alice = TestUser.alice.name
                func requests() async throws -> RequestCounts {
                    try await cluster.json(DiagReport.self, "qctl", ["diag", "--json", "--quiet"]).requests
                }
                let notice = try await self.create(["--title", "Rides along", "--message", "one request"], in: cluster)
                let before = try await requests()
                let first = try await cluster.run("qstat", [], as: .alice)
                #expect(first.succeeded && first.stderr.contains("QPI notice \(notice.id): Rides along"), "\(first)")
                let second = try await cluster.run("qstat", [], as: .alice)
                #expect(second.succeeded && !second.stderr.contains("QPI notice"), "\(second)")
                let after = try await requests()
                #expect((after.byUser[alice]?.count ?? 0) - (before.byUser[alice]?.count ?? 0) == 2)
                #expect(after.byType[NotificationTakeUnshownRequest.type] == nil)
                #expect(after.byType[ListJobRowsRequest.type]?.count == 2)
            }
        }

        @Test func adminsPublishAndEachUserSeesTheirsOnce() async throws {
            try await withCluster { cluster in
                let bob = TestUser.bob.name
                // Only admins create, change and delete.
                for arguments in [
                    ["create", "--title", "x", "--message", "y"], ["update", "1", "--title", "x"], ["delete", "1"],
                ] {
                    let refused = try await cluster.run("qctl", ["notify"] + arguments, as: .alice)
                    #expect(refused.exitStatus == 1, "\(refused)")
                    #expect(
                        refused.stderr.contains("only root or an AdminUsers account may create, change or delete"),
                        "\(refused)")
                }

                let broadcast = try await self.create(
                    [
                        "--title", "Maintenance", "--message", "sim0 is down at 22:00\nback by 23:00", "--level",
                        "warning", "--ends", "now+1h",
                    ], in: cluster)
                #expect(broadcast.users == nil && broadcast.level == .warning && broadcast.createdBy == "root")
                let targeted = try await self.create(
                    ["--title", "Your balance", "--message", "ask for more time", "--user", bob], in: cluster)
                let scheduled = try await self.create(
                    ["--title", "Later", "--message", "not yet", "--starts", "now+1h"], in: cluster)
                #expect(targeted.users == [bob] && targeted.endsAt == nil)

                // Targeting: alice sees the broadcast only, bob both; nobody sees the future one.
                #expect(try await self.visible(to: .alice, in: cluster) == [broadcast.id])
                #expect(try await self.visible(to: .bob, in: cluster) == [broadcast.id, targeted.id])
                let peek = try await cluster.run("qctl", ["notify", "list", "--all"], as: .alice)
                #expect(peek.exitStatus == 1 && peek.stderr.contains("may list every notification"), "\(peek)")
                #expect(
                    try await self.visible(to: nil, in: cluster, all: true) == [
                        broadcast.id, targeted.id, scheduled.id,
                    ])
                let table = try await cluster.run("qctl", ["notify", "list", "--all"])
                #expect(table.stdout.contains("scheduled") && table.stdout.contains(bob), "\(table)")

                // The notice comes once, on standard error, before the command's own output.
                let first = try await cluster.run("qstat", [], as: .alice)
                #expect(first.succeeded && !first.stdout.contains("QPI notice"), "\(first)")
                #expect(
                    first.stderr.contains("QPI notice \(broadcast.id) [WARNING]: Maintenance")
                        && first.stderr.contains("  back by 23:00") && !first.stderr.contains("Your balance"),
                    "\(first)")
                let second = try await cluster.run("qinfo", [], as: .alice)
                #expect(second.succeeded && !second.stderr.contains("QPI notice"), "\(second)")

                // --quiet skips the check, so bob still has both to see; scripts reading
                // standard output (qsub --parsable, --json) get exactly what they expect.
                let quiet = try await cluster.run("qstat", ["--quiet"], as: .bob)
                #expect(quiet.succeeded && quiet.stderr.isEmpty, "\(quiet)")
                let parsable = try await cluster.run(
                    "qsub", ["--parsable", try cluster.writeScript(Circuits.bell)], as: .bob)
                #expect(parsable.succeeded && Int(parsable.stdout.dropLast()) != nil, "\(parsable)")
                #expect(
                    parsable.stderr.contains("QPI notice \(broadcast.id)")
                        && parsable.stderr.contains("QPI notice \(targeted.id): Your balance"), "\(parsable)")
                let json = try await cluster.run("qstat", ["--json"], as: .bob)
                #expect(json.succeeded && !json.stderr.contains("QPI notice"), "\(json)")
                #expect((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) != nil, "\(json)")

                // Dismissal is per user; others' notifications look missing.
                let dismissed = try await cluster.run("qctl", ["notify", "dismiss", String(broadcast.id)], as: .alice)
                #expect(dismissed.stdout == "Dismissed notification \(broadcast.id) (Maintenance)\n", "\(dismissed)")
                #expect(try await self.visible(to: .alice, in: cluster).isEmpty)
                #expect(try await self.visible(to: .bob, in: cluster) == [broadcast.id, targeted.id])
                let foreign = try await cluster.run("qctl", ["notify", "dismiss", String(targeted.id)], as: .alice)
                #expect(foreign.exitStatus == 1 && foreign.stderr.contains("no notification \(targeted.id) for you"))

                // Retargeting to everyone reaches alice, and the commands tell her once.
                let updated = try await cluster.admin("qctl", ["notify", "update", String(targeted.id), "--broadcast"])
                #expect(updated == "Updated notification \(targeted.id)\n")
                #expect(try await self.visible(to: .alice, in: cluster) == [targeted.id])
                let told = try await cluster.run("qacct", [], as: .alice)
                #expect(told.stderr.contains("QPI notice \(targeted.id): Your balance"), "\(told)")

                // Deleting removes it for everyone.
                let deleted = try await cluster.admin("qctl", ["notify", "delete", String(broadcast.id)])
                #expect(deleted == "Deleted notification \(broadcast.id) (Maintenance)\n")
                #expect(try await self.visible(to: .bob, in: cluster) == [targeted.id])
                for arguments in [["delete", "99"], ["update", "99", "--title", "t"]] {
                    let missing = try await cluster.run("qctl", ["notify"] + arguments)
                    #expect(missing.exitStatus == 1 && missing.stderr.contains("no notification 99"), "\(missing)")
                }
            }
        }

        @Test func badInputNamesWhatIsWrong() async throws {
            try await withCluster { cluster in
                for (arguments, status, message) in [
                    (["--title", "t", "--message", "m", "--ends", "now-1"], Int32(2), "--ends"),
                    (["--title", "t", "--message", "m", "--starts", "teatime"], 2, "--starts"),
                    (["--title", "t", "--message", "m", "--level", "loud"], 2, "--level 'loud'"),
                    (["--title", " ", "--message", "m"], 1, "the title is empty (title)"),
                    (["--title", "t", "--message", "m", "--starts", "now+2h", "--ends", "now+1h"], 1, "(ends_at)"),
                    (["--title", "t", "--message", "m", "--ends", "2000-01-01T00:00Z"], 1, "ends in the past"),
                    (["--title", "t", "--message", "m", "--user", "two words"], 1, "not a user name (users)"),
                ] {
                    let refused = try await cluster.run("qctl", ["notify", "create"] + arguments)
                    #expect(refused.exitStatus == status && refused.stderr.contains(message), "\(refused)")
                }
                let nothing = try await cluster.run("qctl", ["notify", "update", "1"])
                #expect(nothing.exitStatus == 2 && nothing.stderr.contains("nothing to change"), "\(nothing)")
                #expect(try await self.visible(to: nil, in: cluster, all: true).isEmpty)
            }
        }

        @Test func windowsOpenAndClose() async throws {
            try await withCluster { cluster in
                let notice = try await self.create(
                    ["--title", "Soon", "--message", "m", "--starts", "now+6", "--ends", "now+12"], in: cluster)
                let early = try await self.visible(to: .alice, in: cluster)
                // Only an answer given before the window opened proves it was still shut.
                if Date() < notice.startsAt {
                    #expect(early.isEmpty, "notice \(notice.id) shown before its window")
                }
                _ = try await cluster.waitFor("notice \(notice.id) to be shown", within: .seconds(60)) {
                    try await self.visible(to: .alice, in: cluster) == [notice.id] ? true : nil
                }
                #expect(Date() >= notice.startsAt, "notice \(notice.id) shown before its window")
                _ = try await cluster.waitFor("notice \(notice.id) to be gone", within: .seconds(60)) {
                    try await self.visible(to: .alice, in: cluster).isEmpty ? true : nil
                }
                #expect(Date() >= notice.endsAt!, "notice \(notice.id) gone before its end")
                let late = try await cluster.run("qstat", [], as: .alice)
                #expect(late.succeeded && late.stderr.isEmpty, "\(late)")
            }
        }
    }
}
