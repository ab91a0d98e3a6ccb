import Foundation
import QPICore
import QPITesting
import Testing

extension ClusterSuite {
    /// `qsub --mail-type/--mail-user` through MailProg, as Slurm's (issue 21, item 7).
    @Suite struct JobEndMailTests {
        @Test func aJobsEndIsMailedThroughMailProgOnlyWhenItsTypeAsks() async throws {
            let directory = try TemporaryDirectory(prefix: "qpi-mail")
            defer { directory.remove() }
            let program = directory.path(of: "mail")
            // Records each call's arguments and message, one file per call.
            try """
            #!/bin/sh
            n=$$
            printf '%s\\n' "$@" > '\(directory.path(of: "args"))'.$n
            cat > '\(directory.path(of: "body"))'.$n
            mv '\(directory.path(of: "args"))'.$n '\(directory.path(of: "done"))'.$n
            """.write(toFile: program, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program)
            try await withCluster(settings: ["MailProg": program]) { cluster in
                let quiet = try await cluster.submit(
                    Circuits.one, ["--mail-type", "FAIL", "--mail-user", "bob@example.org"], as: .alice)
                let script = "// QPI --mail-user=alice@example.org\n" + Circuits.bell
                let mailed = try await cluster.submit(script, ["--mail-type", "end", "--name", "bell"], as: .alice)
                #expect(try await cluster.waitForJob(quiet).state == .completed)
                #expect(try await cluster.waitForJob(mailed).state == .completed)

                let shown = try await cluster.run("qstat", ["-j", String(mailed)])
                #expect(shown.stdout.contains("\n   MailUser=alice@example.org MailType=END\n"), "\(shown)")

                let deadline = ContinuousClock.now + .seconds(30)
                var calls: [String] = []
                while calls.isEmpty, ContinuousClock.now < deadline {
                    calls = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                        .filter { $0.hasPrefix("done.") }
                    if calls.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
                }
                try #require(calls.count == 1, "MailProg was not run once within 30 s: \(calls)")
                let arguments = try String(contentsOfFile: directory.path(of: calls[0]), encoding: .utf8)
                    .split(separator: "\n").map(String.init)
                #expect(arguments.count == 3 && arguments[0] == "-s", "\(arguments)")
                #expect(arguments.last == "alice@example.org", "\(arguments)")
                #expect(arguments[1].hasPrefix("QPI Job_id=\(mailed) Name=bell Ended, Run time "), "\(arguments)")
                #expect(arguments[1].hasSuffix(", COMPLETED"), "\(arguments)")
                let pid = calls[0].dropFirst("done.".count)
                let body = try String(contentsOfFile: directory.path(of: "body.\(pid)"), encoding: .utf8)
                #expect(body.contains("Job \(mailed) (bell) of \(TestUser.alice.name) ended COMPLETED"), "\(body)")
            }
        }

        @Test func badMailOptionsAreRefusedNamingTheOption() async throws {
            try await withCluster(daemons: false) { cluster in
                let path = try cluster.writeScript(Circuits.one)
                let type = try await cluster.run("qsub", ["--mail-type", "BEGIN", path])
                #expect(type.exitStatus == 2 && type.stderr.contains("'--mail-type'"), "\(type)")
                let user = try await cluster.run("qsub", ["--mail-user=-oProxyCommand=x", path])
                #expect(user.exitStatus == 2 && user.stderr.contains("not starting with '-'"), "\(user)")
            }
        }
    }
}
