import Foundation
import QPIClient
import QPICore
import QPIDocuments
import QPITesting
import Testing

extension ClusterSuite {
    /// The Python executors through a real cluster: `qpid` runs `python -m qpi_executors`
    /// and the counts that come back match the corpus's reference probabilities.
    @Suite struct PythonExecutorTests {
        /// Corpus circuits both simulators run: OpenQASM 2, no classical control.
        static let plainCircuits = ["bell_n4", "qaoa_n3", "wstate_n3", "basis_change_n3", "iswap_n2", "fredkin_n3"]
        /// Circuits with mid-circuit measurement and `if`, which only qiskit_aer runs.
        static let controlFlowCircuits = ["ipea_n2", "inverseqft_n4", "shor_n5"]
        static let shots = 4_000

        @Test func mockAndAerCountsMatchTheCorpus() async throws {
            let qpus = [
                ClusterQPU("mock0", qubits: 24, executor: "mock", executorCommand: try PythonExecutors.command("mock")),
                ClusterQPU(
                    "aer0", qubits: 24, executor: "qiskit_aer",
                    executorCommand: try PythonExecutors.command("qiskit_aer")),
            ]
            let runs =
                Self.plainCircuits.map { ("mock0", $0) }
                + (Self.plainCircuits + Self.controlFlowCircuits).map { ("aer0", $0) }
            try await withCluster(qpus: qpus) { cluster in
                var submitted: [(qpu: String, circuit: String, id: JobID)] = []
                for (qpu, circuit) in runs {
                    let text = try CorpusReference.circuit(circuit).text
                    let id = try await cluster.submit(
                        text, ["--qpu", qpu, "--shots", String(Self.shots), "--seed", "11", "--name", circuit])
                    submitted.append((qpu, circuit, id))
                }
                for (qpu, circuit, id) in submitted {
                    let job = try await cluster.waitForJob(id, within: .seconds(90))
                    #expect(job.state == .completed, "\(circuit) on \(qpu): \(job.message ?? "")\n\(cluster.logTail())")
                    #expect(job.qpu == qpu)
                    guard job.state == .completed else { continue }
                    let document = try await cluster.json(ResultDocument.self, "qresult", [String(id), "--json"])
                    let result = try #require(document.results.first)
                    #expect(result.counts.values.reduce(0, +) == Self.shots, "\(circuit) on \(qpu)")
                    let expected = try CorpusReference.circuit(circuit).expected
                    let mismatch = CorpusReference.mismatch(
                        counts: result.counts, shots: Self.shots, expected: expected)
                    #expect(mismatch == nil, "\(circuit) on \(qpu): \(mismatch ?? "")")
                }
            }
        }

        @Test func mockRefusesClassicalControlWithAReason() async throws {
            let qpu = ClusterQPU("mock0", executor: "mock", executorCommand: try PythonExecutors.command("mock"))
            try await withCluster(qpus: [qpu]) { cluster in
                let id = try await cluster.submit(try CorpusReference.circuit("ipea_n2").text, ["--shots", "10"])
                let job = try await cluster.waitForJob(id, within: .seconds(60))
                #expect(job.state == .failed)
                #expect(job.message?.contains("classical control flow") == true, "message: \(job.message ?? "none")")
            }
        }

        /// `--executor-option` reaches qiskit_aer: its seed repeats the counts, its method is
        /// Aer's (the stabilizer method cannot run a T gate), an unknown key fails the job.
        @Test func aerReadsTheExecutorOptionsItDocuments() async throws {
            let qpu = ClusterQPU(
                "aer0", qubits: 24, executor: "qiskit_aer", executorCommand: try PythonExecutors.command("qiskit_aer"))
            let tGate =
                "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg c[1];\nh q[0];\nt q[0];\nmeasure q -> c;\n"
            try await withCluster(qpus: [qpu]) { cluster in
                let seeded = ["--shots", "300", "--executor-option", "seed=8"]
                let first = try await cluster.submit(Circuits.bell, seeded + ["--seed", "1"])
                let second = try await cluster.submit(Circuits.bell, seeded + ["--seed", "2"])
                let stabilizer = try await cluster.submit(tGate, ["--executor-option", "method=stabilizer"])
                let statevector = try await cluster.submit(tGate, ["--executor-option", "method=statevector"])
                let unknown = try await cluster.submit(Circuits.bell, ["--executor-option", "fusion=off"])
                var counts: [[String: Int]] = []
                for id in [first, second] {
                    let job = try await cluster.waitForJob(id, within: .seconds(90))
                    #expect(job.state == .completed, "\(job.message ?? "")")
                    let document = try await cluster.json(ResultDocument.self, "qresult", [String(id), "--json"])
                    counts.append(try #require(document.results.first).counts)
                }
                #expect(counts[0] == counts[1])
                let refused = try await cluster.waitForJob(stabilizer, within: .seconds(90))
                #expect(refused.state == .failed, "\(refused)")
                #expect(try await cluster.waitForJob(statevector, within: .seconds(90)).state == .completed)
                let failed = try await cluster.waitForJob(unknown, within: .seconds(90))
                #expect(failed.state == .failed)
                #expect(
                    failed.message == "unknown executor option 'fusion': the qiskit_aer executor accepts method, seed",
                    "\(failed)")
            }
        }

        @Test func prestoIsAPlaceholderThatRefusesJobs() async throws {
            let qpu = ClusterQPU("presto0", executor: "presto", executorCommand: try PythonExecutors.command("presto"))
            try await withCluster(qpus: [qpu]) { cluster in
                let id = try await cluster.submit(Circuits.bell)
                let job = try await cluster.waitForJob(id, within: .seconds(60))
                #expect(job.state == .failed)
                #expect(job.message?.contains("presto executor is a placeholder") == true, "\(job.message ?? "none")")
            }
        }
    }
}
