import QPICore
import QPITesting
import Testing

extension ClusterSuite {
    /// An executor that breaks the protocol in the middle of a job fails that job with the
    /// reason, and the same qpid runs the next job on a fresh executor.
    @Suite struct ExecutorProtocolFaultTests {
        @Test(arguments: [
            // A Python traceback on stdout: its first bytes read as a frame length of 1.4 GB.
            ("garbage", "printf 'Traceback (most recent call last):\\n'; sleep 3600", "garbage"),
            // A 32 MiB frame announced, over MaxMessageSize (16 MiB).
            ("oversized", "printf '\\002\\000\\000\\000'; head -c 1048576 /dev/zero; sleep 3600", "over the limit"),
            // A well-framed message that is not JSON.
            ("malformed", "printf '\\000\\000\\000\\005hello'; sleep 3600", "malformed"),
            // Leaves without a word while the job runs.
            ("early-exit", "exit 0", "exited with status 0"),
        ])
        func faultFailsOnlyTheJob(name: String, ending: String, reason: String) async throws {
            let executors = try ScriptedExecutors()
            let qpu = ClusterQPU(name, executorCommand: try executors.misbehavingOnce(name, ending: ending))
            try await withCluster(qpus: [qpu]) { cluster in
                let broken = try await cluster.waitForJob(try await cluster.submit(Circuits.one))
                #expect(broken.state == .failed, cluster.logs)
                #expect(broken.message?.contains(reason) == true, "message: \(broken.message ?? "none")")

                let next = try await cluster.waitForJob(try await cluster.submit(Circuits.one))
                #expect(next.state == .completed, cluster.logs)
                #expect(next.qpu == name)
            }
        }
    }
}
