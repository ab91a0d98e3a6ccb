import QPITesting
import Testing

extension ClusterSuite {
    /// What users see when their input is wrong or the controller is not there.
    @Suite struct CommandErrorTests {
        @Test func badQASMFailsWithItsLocationBeforeContactingTheController() async throws {
            // No controller runs: a command that tried to reach it would fail differently.
            try await withCluster(daemons: false) { cluster in
                let script = try cluster.writeScript(
                    "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nh q[5];\n", named: "broken.qasm")
                let result = try await cluster.run("qsub", [script])
                #expect(result.exitStatus == 1, "\(result)")
                #expect(result.stderr.contains("broken.qasm:4:"), "\(result)")
                #expect(result.stderr.contains("error:"), "\(result)")
                #expect(!result.stderr.contains("qpictld"), "\(result)")
                #expect(result.stdout.isEmpty)
            }
        }

        @Test func commandsExitOneWhenTheControllerIsDown() async throws {
            try await withCluster(daemons: false) { cluster in
                let script = try cluster.writeScript(Circuits.bell)
                for arguments in [["qsub", script], ["qstat"], ["qinfo"], ["qresult", "1"], ["qcancel", "1"]] {
                    let result = try await cluster.run(arguments[0], Array(arguments.dropFirst()))
                    #expect(result.exitStatus == 1, "\(result)")
                    #expect(result.stderr.contains("qpictld"), "\(result)")
                    #expect(result.stderr.contains("127.0.0.1:\(cluster.controlPort)"), "\(result)")
                }
            }
        }

        @Test func commandsExitOneWhenTheControllerDies() async throws {
            try await withCluster { cluster in
                cluster.kill(.controller)
                let result = try await cluster.run("qstat", [])
                #expect(result.exitStatus == 1, "\(result)")
                #expect(result.stderr.contains("qpictld"), "\(result)")
            }
        }
    }
}
