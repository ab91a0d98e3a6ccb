import Foundation
import QPIClient
import QPICore
import QPIDocuments
import QPITesting
import Testing

extension ClusterSuite {
    /// The happy path through real daemons: qsub, dispatch to qpid, the simulator, the
    /// result back in the controller, and the commands that read it.
    @Suite struct JobFlowTests {
        @Test func submittedJobCompletesWithQiskitResult() async throws {
            try await withCluster { cluster in
                let id = try await cluster.submit(Circuits.bell, ["--shots", "200", "--name", "bell"])
                let job = try await cluster.waitForJob(id)
                #expect(job.state == .completed, cluster.logs)
                #expect(job.qpu == "sim0")
                #expect(job.name == "bell")

                let table = try await cluster.run("qresult", [String(id)])
                #expect(table.succeeded, "\(table)")
                #expect(table.stdout.contains("shots=200"))

                let result = try await cluster.run("qresult", [String(id), "--json"])
                #expect(result.succeeded, "\(result)")
                let document = try #require(
                    try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
                #expect(document["backend_name"] as? String == "sim0")
                #expect(document["job_id"] as? String == String(id))
                #expect(document["success"] as? Bool == true)
                let entries = try #require(document["results"] as? [[String: Any]])
                #expect(entries.count == 1)
                let counts = try #require(entries.first?["counts"] as? [String: Int])
                #expect(Set(counts.keys).isSubset(of: ["00", "11"]), "a Bell pair never disagrees: \(counts)")
                #expect(counts.values.reduce(0, +) == 200)
                #expect(entries.first?["shots"] as? Int == 200)
                #expect(entries.first?["time_taken"] is Double)
            }
        }

        @Test func commandsShowTheQueueAndWaitForResults() async throws {
            try await withCluster { cluster in
                let held = try await cluster.submit(Circuits.one, ["--hold", "--name", "held"])
                let queue = try await cluster.run("qstat", [])
                #expect(queue.succeeded, "\(queue)")
                let row = queue.stdout.split(separator: "\n").first { $0.contains("held") }.map {
                    $0.split(separator: " ")
                }
                #expect(row?.first == "\(held)" && row?.contains("PD") == true && row?.last == "(Held)", "\(queue)")

                let script = try cluster.writeScript(Circuits.one)
                let run = try await cluster.run("qrun", [script, "--shots", "5"])
                #expect(run.succeeded, "\(run)")
                let rows = run.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
                #expect(rows.contains(["1", "5", "1.0000"]), "\(run)")

                let waited = try await cluster.run("qsub", ["--wait", "--json", "--shots", "7", script])
                #expect(waited.succeeded, "\(waited)")
                let lines = waited.stdout.split(separator: "\n", maxSplits: 1)
                #expect(lines.first?.hasPrefix("Submitted job ") == true, "\(waited)")
                let document = try JSONDecoder().decode(ResultDocument.self, from: Data((lines.last ?? "").utf8))
                #expect(document.results.map(\.counts) == [["1": 7]])

                let info = try await cluster.run("qinfo", [])
                #expect(
                    info.stdout.split(separator: "\n").contains { $0.hasPrefix("sim0") && $0.contains("idle") },
                    "\(info)")
            }
        }

        @Test func twoNodesShareOneQueue() async throws {
            let executors = try ScriptedExecutors()
            // Both QPUs hold their first job at the gate, so two jobs pending at once must
            // run on different QPUs, whatever the scheduler's order.
            let gated = try executors.gated("shared")
            try await withCluster(qpus: [
                ClusterQPU("gate0", executorCommand: gated), ClusterQPU("gate1", executorCommand: gated),
            ]) {
                cluster in
                let first = try await cluster.submit(Circuits.one, ["--shots", "10"])
                let second = try await cluster.submit(Circuits.one, ["--shots", "10"])
                var placed: [String] = []
                for id in [first, second] {
                    let running = try await cluster.waitForJob(id, "to run") { $0.state == .running }
                    placed.append(try #require(running.qpu))
                }
                #expect(Set(placed) == ["gate0", "gate1"], cluster.logs)

                executors.open("shared")
                // More jobs than QPUs: the queue drains through both.
                var more: [JobID] = []
                for _ in 0..<6 { more.append(try await cluster.submit(Circuits.one, ["--shots", "10"])) }
                for id in [first, second] + more {
                    let job = try await cluster.waitForJob(id)
                    #expect(job.state == .completed, cluster.logs)
                }
                let result = try await cluster.json(ResultDocument.self, "qresult", [String(second), "--json"])
                #expect(result.results.map(\.counts) == [["1": 10]])
            }
        }
    }
}
