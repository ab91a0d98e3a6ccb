import QPIClient
import QPIControllerClient
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// The qubit and circuit counts of a submission come from its client, which may lie
    /// (issue 18, item 13): the node reads the circuits itself before running them.
    @Suite struct DeclaredSizeTests {
        @Test func aJobWiderThanItsQPUFailsAtTheNodeWhateverItsSubmitterDeclared() async throws {
            try await withCluster(qpus: [ClusterQPU("q0", qubits: 2)]) { cluster in
                let client = try cluster.client()
                defer { client.close() }
                let wide = """
                    OPENQASM 2.0;
                    include "qelib1.inc";
                    qreg q[3];
                    creg c[3];
                    x q[2];
                    measure q -> c;
                    """
                // A hand-made request that claims one qubit, as a patched qsub could send.
                let request = SubmitRequest(
                    scripts: [ScriptFile(name: "wide.qasm", text: wide)], options: JobOptions(shots: 8),
                    circuitCount: 1, qubits: 1)
                let id = try await client.call(request).jobID
                let job = try await cluster.waitForJob(id, within: .seconds(60))
                #expect(job.state == .failed, cluster.logs)
                #expect(job.message?.contains("need 3 qubits but QPU q0 has 2") == true, "\(job)")
                #expect(job.qpuSeconds == 0)
            }
        }
    }
}
