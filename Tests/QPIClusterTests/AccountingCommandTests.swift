import Foundation
import QPIAuth
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// `qacct` and `qctl user set|add-seconds` against a real controller, with real
    /// munge credentials for an admin (root) and ordinary users.
    @Suite struct AccountingCommandTests {
        @Test func qacctListsUsageAndBalancesAsTextAndJSON() async throws {
            try await withCluster { cluster in
                let root = UserDirectory().name(for: getuid())
                let alice = TestUser.alice.name
                try await cluster.admin("qctl", ["user", "set", alice, "qpu_seconds=500"])
                let mine = try await cluster.submit(Circuits.one)
                let hers = try await cluster.submit(Circuits.bell, as: .alice)
                for id in [mine, hers] { #expect(try await cluster.waitForJob(id).state == .completed, cluster.logs) }

                // Her view by default: her own job, her balance charged what the job used.
                let own = try await cluster.accounting(as: .alice)
                #expect(own.jobs.map(\.jobID) == [hers])
                let used = try #require(own.jobs.first).qpuSeconds
                #expect(used > 0)
                let herBalance = try #require(own.users.first { $0.user == alice })
                #expect(herBalance.jobs == 1 && herBalance.usedSeconds == used)
                #expect(abs(try #require(herBalance.balance) - (500 - used)) < 1e-9)

                // Everyone's, as Slurm shows usage to all users; root's balance is unlimited.
                let all = try await cluster.accounting(["-a"], as: .alice)
                #expect(all.jobs.map(\.jobID) == [mine, hers])
                #expect(all.users.first { $0.user == root }?.balance == nil)
                #expect(try await cluster.accounting(["-u", alice]).jobs.map(\.jobID) == [hers])
                #expect(try await cluster.accounting(["-j", String(mine)]).jobs.map(\.user) == [root])
                let job = try #require(all.jobs.first { $0.jobID == mine })
                #expect(job.state == .completed && job.qpu == "sim0" && job.startTime != nil && job.endTime != nil)
                // Both ended before now: nothing was active since.
                #expect(try await cluster.accounting(["-a", "--since", "now"]).jobs.isEmpty)
                #expect(try await cluster.accounting(["-a", "--since", "now-1h"]).jobs.count == 2)

                let text = try await cluster.run("qacct", ["-a"])
                #expect(text.succeeded, "\(text)")
                let lines = text.stdout.split(separator: "\n").map(String.init)
                #expect(lines.first?.hasPrefix("JOBID NAME") == true, "\(text)")
                #expect(lines.contains { $0.hasPrefix("USER") && $0.hasSuffix("BALANCE") }, "\(text)")
                #expect(lines.contains { $0.hasPrefix(root) && $0.hasSuffix("unlimited") }, "\(text)")
                #expect(lines.contains { $0.contains(String(format: "%.3f", 500 - used)) }, "\(text)")

                let parsable = try await cluster.run("qacct", ["-a", "--parsable", "--noheader"])
                #expect(parsable.stdout.hasPrefix("\(mine)|"), "\(parsable)")
                #expect(parsable.stdout.contains("|\(root)|sim0|COMPLETED|"), "\(parsable)")

                for (arguments, message) in [
                    (["--since", "yesterday"], "invalid time 'yesterday'"), (["-j", "x"], "invalid job id 'x'"),
                    (["-a", "-u", "bob"], "-a and -u exclude each other"),
                ] {
                    let refused = try await cluster.run("qacct", arguments)
                    #expect(refused.exitStatus == 2 && refused.stderr.contains(message), "\(refused)")
                }
            }
        }

        @Test func qacctPagesItsTableWhileTheTotalsCountTheWholeSelection() async throws {
            try await withCluster { cluster in
                let root = UserDirectory().name(for: getuid())
                var held: [JobID] = []
                for _ in 0..<5 { held.append(try await cluster.submit(Circuits.one, ["--hold"])) }
                _ = try await cluster.submit(Circuits.one, ["--hold"], as: .alice)

                // Filtered before the limit: alice's job never takes a place on root's pages.
                var pages: [[String]] = []
                var after: [String] = []
                while pages.count < 4 {
                    let page = try await cluster.run(
                        "qacct", ["-u", root, "--limit", "2", "-o", "JobID", "--parsable", "--noheader"] + after)
                    #expect(page.succeeded, "\(page)")
                    pages.append(page.stdout.split(separator: "\n").map(String.init))
                    guard let next = page.stderr.split(separator: " ").last.map({ String($0.dropLast()) }),
                        page.stderr.contains("more jobs follow; continue with --after")
                    else { break }
                    after = ["--after", next]
                }
                #expect(pages == [["\(held[0])", "\(held[1])"], ["\(held[2])", "\(held[3])"], ["\(held[4])"]])

                let table = try await cluster.run("qacct", ["-u", root, "--limit", "1"])
                #expect(table.succeeded, "\(table)")
                let lines = table.stdout.split(separator: "\n").map(String.init)
                #expect(lines.filter { $0.contains("PENDING") }.count == 1, "\(table)")
                let total = try #require(lines.first { $0.hasPrefix(root) }, "\(table)")
                #expect(total.split(separator: " ").dropFirst().first == "5", "\(table)")

                for (arguments, message) in [
                    (["--limit", "0"], "--limit must be positive, got 0"),
                    (["--limit", "2", "--json"], "--limit and --after page the table; they exclude --json"),
                    (["--after", "x"], "--after"),
                ] {
                    let refused = try await cluster.run("qacct", arguments)
                    #expect(refused.exitStatus == 2 && refused.stderr.contains(message), "\(refused)")
                }
            }
        }

        @Test func onlyAdminsChangeBalancesAndBadValuesAreRefused() async throws {
            try await withCluster { cluster in
                let alice = TestUser.alice.name
                let forbidden = try await cluster.run("qctl", ["user", "set", alice, "qpu_seconds=1000"], as: .alice)
                #expect(forbidden.exitStatus == 1, "\(forbidden)")
                #expect(forbidden.stderr.contains("only root or an AdminUsers account may change qpu_seconds balances"))
                let forbiddenAdd = try await cluster.run("qctl", ["user", "add-seconds", alice, "10"], as: .alice)
                #expect(forbiddenAdd.exitStatus == 1 && forbiddenAdd.stderr.contains("may change"), "\(forbiddenAdd)")
                #expect(try await cluster.balance(of: alice) == nil)

                #expect(
                    try await cluster.admin("qctl", ["user", "set", alice, "qpu_seconds=100"])
                        == "\(alice): qpu_seconds=100.000\n")
                #expect(
                    try await cluster.admin("qctl", ["user", "add-seconds", alice, "25.5"])
                        == "\(alice): qpu_seconds=125.500\n")
                #expect(
                    try await cluster.admin("qctl", ["user", "add-seconds", alice, "-25.5"])
                        == "\(alice): qpu_seconds=100.000\n")
                #expect(try await cluster.balance(of: alice) == 100)

                let refusals: [([String], Int32, String)] = [
                    (["user", "set", alice, "qpu_seconds=abc"], 2, "invalid qpu_seconds 'abc'"),
                    (["user", "set", alice, "qpu_seconds=-1"], 2, "invalid qpu_seconds '-1'"),
                    (["user", "set", alice, "shares=1"], 2, "unknown user field 'shares'"),
                    (["user", "set", alice, "100"], 2, "expected KEY=VALUE"),
                    (["user", "add-seconds", alice, "nan"], 2, "invalid seconds 'nan'"),
                    (["user", "add-seconds", alice, "0"], 2, "invalid seconds '0'"),
                    (["user", "add-seconds", alice, "1", "2"], 2, "expected one number of seconds"),
                    (
                        ["user", "set", "no-such-user-here", "qpu_seconds=5"], 1,
                        "no user 'no-such-user-here' on this system"
                    ),
                    (["user", "add-seconds", TestUser.bob.name, "5"], 1, "has no account yet"),
                ]
                for (arguments, status, message) in refusals {
                    let refused = try await cluster.run("qctl", arguments)
                    #expect(refused.exitStatus == status && refused.stderr.contains(message), "\(refused)")
                }
                try await cluster.admin("qctl", ["user", "set", alice, "qpu_seconds=unlimited"])
                let unlimited = try await cluster.run("qctl", ["user", "add-seconds", alice, "5"])
                #expect(unlimited.exitStatus == 1 && unlimited.stderr.contains("unlimited balance"), "\(unlimited)")
                #expect(try await cluster.balance(of: alice) == nil)
            }
        }
    }
}
