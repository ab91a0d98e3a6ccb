import QPICore
import QPITesting
import Testing

extension ClusterSuite {
    /// An executor that crashes or hangs fails the job it was running, never its node:
    /// the same qpid runs the next job to completion.
    @Suite struct ExecutorFailureTests {
        @Test(arguments: [
            ("exit 3", "exited with status 3"),
            ("kill -SEGV $$", "killed by signal 11"),
        ])
        func crashFailsTheJobWithItsCause(ending: String, reason: String) async throws {
            let executors = try ScriptedExecutors()
            let qpu = ClusterQPU("crashy", executorCommand: try executors.misbehavingOnce("crash", ending: ending))
            try await withCluster(qpus: [qpu]) { cluster in
                let crashed = try await cluster.waitForJob(try await cluster.submit(Circuits.one))
                #expect(crashed.state == .failed, cluster.logs)
                #expect(crashed.message?.contains(reason) == true, "message: \(crashed.message ?? "none")")

                let next = try await cluster.waitForJob(try await cluster.submit(Circuits.one))
                #expect(next.state == .completed, cluster.logs)
                #expect(next.qpu == "crashy")
            }
        }

        @Test func hangIsCutAtTheTimeLimit() async throws {
            let executors = try ScriptedExecutors()
            // The shell waits for `sleep`, a child of its own, as a real executor may wait
            // for a worker process: the cut must end both.
            let qpu = ClusterQPU("hangs", executorCommand: try executors.misbehavingOnce("hang", ending: "sleep 3600"))
            try await withCluster(qpus: [qpu]) { cluster in
                let hung = try await cluster.waitForJob(try await cluster.submit(Circuits.one, ["--time", "2s"]))
                #expect(hung.state == .timeout, cluster.logs)
                #expect(hung.message?.contains("time limit") == true, "message: \(hung.message ?? "none")")

                let next = try await cluster.waitForJob(try await cluster.submit(Circuits.one, ["--time", "30s"]))
                #expect(next.state == .completed, cluster.logs)
            }
        }
    }
}
