import Foundation
import QPIClient
import QPICore
import QPIDocuments
import QPITesting
import Testing

extension ClusterSuite {
    /// `qsub --executor-option KEY=VALUE` and its directive reach the executor through
    /// the real daemons (issue 21, item 8).
    @Suite struct ExecutorOptionTests {
        func counts(_ id: JobID, _ cluster: ClusterHarness) async throws -> CircuitResult {
            let document = try await cluster.json(ResultDocument.self, "qresult", [String(id), "--json"])
            return try #require(document.results.first, "job \(id) has no result")
        }

        @Test func aSeedOptionRepeatsTheCountsAndIsKeptWithTheJob() async throws {
            try await withCluster { cluster in
                let options = ["--shots", "500", "--executor-option", "seed=31", "--seed", "1"]
                let first = try await cluster.submit(Circuits.bell, options, as: .alice)
                let script = "// QPI --executor-option=seed=31\n" + Circuits.bell
                let second = try await cluster.submit(script, ["--shots", "500", "--seed", "2"], as: .alice)
                for id in [first, second] {
                    let job = try await cluster.waitForJob(id, within: .seconds(60))
                    #expect(job.state == .completed, "\(job)")
                    #expect(job.executorOptions == ["seed": "31"], "\(job)")
                }
                let firstResult = try await self.counts(first, cluster)
                let secondResult = try await self.counts(second, cluster)
                #expect(firstResult.seed == 31, "the option, not --seed, seeded the run: \(firstResult)")
                #expect(firstResult.counts == secondResult.counts)

                let shown = try await cluster.run("qstat", ["-j", String(first)])
                #expect(shown.stdout.contains("\n   ExecutorOptions=seed=31\n"), "\(shown)")

                let http = HTTPClient(cluster, token: try await cluster.apiToken(as: .alice))
                let overHTTP = try await http.get("/api/jobs/\(first)")
                #expect(overHTTP.json["executor_options"] as? [String: String] == ["seed": "31"], "\(overHTTP)")

                let submitted = try await http.post(
                    "/api/jobs",
                    [
                        "circuits": [["circuit": Circuits.bell]], "shots": 500,
                        "executor_options": ["seed": "31", "fusion": "off"],
                    ])
                #expect(submitted.status == 201, "\(submitted)")
                #expect(
                    submitted.json["executor_options"] as? [String: String] == ["seed": "31", "fusion": "off"],
                    "\(submitted)")
                let third = JobID(try #require(submitted.json["id"] as? Int))
                #expect(try await cluster.waitForJob(third, within: .seconds(60)).state == .completed)
                #expect(try await self.counts(third, cluster).counts == firstResult.counts)

                let refused = try await http.post(
                    "/api/jobs", ["circuits": [["circuit": Circuits.bell]], "executor_options": ["bad key": "1"]])
                #expect(refused.status == 422 && refused.errorField == "executor_options", "\(refused)")
                let message = (refused.json["error"] as? [String: Any])?["message"] as? String
                #expect(message?.contains("'bad key=1'") == true, "\(refused)")
            }
        }

        @Test func anUnknownKeyFailsTheJobNamingItAndTheKeysAccepted() async throws {
            try await withCluster { cluster in
                let script = "// QPI --executor-option noise=high\n" + Circuits.bell
                let id = try await cluster.submit(script, as: .alice)
                let job = try await cluster.waitForJob(id, within: .seconds(60))
                #expect(job.state == .failed, "\(job)")
                #expect(
                    job.message?.contains(
                        "unknown executor option 'noise': the sim executor accepts fusion, memory, seed")
                        == true, "\(job)")
            }
        }

        @Test func malformedOptionsAreRefusedAtSubmissionNamingTheOption() async throws {
            try await withCluster(daemons: false) { cluster in
                let flag = try await cluster.run(
                    "qsub", ["--executor-option", "seed", try cluster.writeScript(Circuits.one)])
                #expect(flag.exitStatus == 2, "\(flag)")
                #expect(flag.stderr.contains("'--executor-option': expected KEY=VALUE"), "\(flag)")

                let path = try cluster.writeScript(
                    "// QPI --shots=10 --executor-option =5\n" + Circuits.one, named: "keyless.qasm")
                let directive = try await cluster.run("qsub", [path])
                #expect(directive.exitStatus == 1, "\(directive)")
                #expect(directive.stderr.contains("keyless.qasm:1:19: error: "), "\(directive)")
                #expect(directive.stderr.contains("'--executor-option'"), "\(directive)")
            }
        }
    }
}
