import Foundation
import QPIClient
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// `qctl qpu create` prints shell lines for the QPU's host; the EnvironmentFile they
    /// write is what qpid@.service hands qpid, and qpid joins with it, the token never on
    /// its command line.
    @Suite struct NodeUnitSnippetTests {
        @Test func thePrintedEnvironmentFileStartsTheNodeWithoutTheTokenOnItsCommandLine() async throws {
            try await withCluster(linkPorts: 4) { cluster in
                let created = try await cluster.run(
                    "qctl", ["qpu", "create", "remote0", "--qubits", "5", "--controller", "lab-ctl:6817"])
                #expect(created.succeeded, "\(created)")
                let lines = created.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                let start = try #require(
                    lines.firstIndex { $0.hasPrefix("(umask 077 && cat > /etc/qpi/qpid/remote0.env)") })
                let end = try #require(lines[start...].firstIndex(of: "QPI_ENV"))
                var environment: [String: String] = [:]
                for line in lines[(start + 1)..<end] {
                    let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
                    environment[parts[0]] = parts[1]
                }
                #expect(environment["QPID_CONTROLLER"] == "lab-ctl:6817")
                #expect(environment["DRIVER_BACKEND"] == "sim")
                let token = try #require(environment["QPID_TOKEN"])
                #expect(lines.contains("install -d -m 0700 /etc/qpi/qpid"))
                #expect(lines.contains("systemctl enable --now qpid@remote0.service"))
                #expect(!lines.contains { $0.contains("--token") && $0.contains(token) }, "token on a command line")

                // The unit passes --name; the controller address is this test's, not the printed one.
                environment["QPID_CONTROLLER"] = nil
                // The executor writes down the environment it inherits from qpid.
                let seen = cluster.path(of: "executor-environment")
                let executor = "sh -c 'env > \(seen); exec \(cluster.binDirectory)/qsim --executor --threads 1'"
                try cluster.startRegisteredNode(
                    "remote0", ["--name", "remote0", "--executor-command", executor], environment: environment)
                try await cluster.waitUntilIdle(["remote0"])
                let pid = try #require(cluster.pid(of: .node("remote0")))
                let commandLine = try String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)
                #expect(!commandLine.contains(token))
                let id = try await cluster.submit(Circuits.one, ["--qpu", "remote0", "--shots", "10"])
                #expect(try await cluster.waitForJob(id).state == .completed, cluster.logs)
                let inherited = try String(contentsOfFile: seen, encoding: .utf8)
                #expect(inherited.contains("QPU_NAME=remote0"))
                #expect(!inherited.contains(token), "the executor inherited the node's token")
            }
        }
    }
}
