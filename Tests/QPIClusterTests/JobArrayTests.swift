import Foundation
import QPIClient
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// Job arrays (`qsub --array`) through the real daemons: Slurm's task names, folding in
    /// `qstat`, `%MAX`, cancelling one task or all, results in task order, dependencies.
    @Suite struct JobArrayTests {
        /// The tasks of array `id`, by task index.
        static func tasks(of id: JobID, in cluster: ClusterHarness) async throws -> [Int: Job] {
            let query = JobQuery(includeFinished: true, references: [JobReference(jobID: id)])
            let jobs = try await cluster.client().call(ListJobsRequest(query: query)).jobs
            return Dictionary(uniqueKeysWithValues: jobs.compactMap { job in job.array.map { ($0.taskID, job) } })
        }

        @Test func tasksFoldRunUnderTheirBoundAndAnswerByName() async throws {
            let executors = try ScriptedExecutors()
            let qpus = [
                ClusterQPU("gate0", executorCommand: try executors.gated("array")),
                ClusterQPU("gate1", executorCommand: try executors.gated("array")),
            ]
            try await withCluster(qpus: qpus) { cluster in
                let id = try await cluster.submit(Circuits.one, ["--array=0-5%1"], as: .alice)
                var tasks = try await Self.tasks(of: id, in: cluster)
                #expect(tasks.keys.sorted() == Array(0...5))
                #expect(tasks[0]?.id == id, "the array is named by its first task")
                #expect(tasks.values.allSatisfy { $0.array?.arrayJobID == id && $0.array?.limit == 1 })

                // %1: one task runs though two QPUs are free; the others wait for it.
                let first = try #require(tasks[0]?.id)
                _ = try await cluster.waitForJob(first, "to run") { $0.state == .running }
                let waiting = try #require(tasks[5]?.id)
                _ = try await cluster.waitForJob(waiting, "to wait for the array's bound") {
                    $0.reason == .jobArrayTaskLimit
                }
                tasks = try await Self.tasks(of: id, in: cluster)
                #expect(tasks.values.count { $0.state == .running } == 1, "\(tasks.values.map(\.state))")

                let folded = try await cluster.run("qstat", [], as: .alice)
                #expect(folded.stdout.contains("\(id)_0 "), "\(folded)")
                #expect(folded.stdout.contains("\(id)_[1-5%1]"), "\(folded)")
                #expect(folded.stdout.contains("(JobArrayTaskLimit)"), "\(folded)")
                let expanded = try await cluster.run("qstat", ["-r"], as: .alice)
                for task in 1...5 { #expect(expanded.stdout.contains("\(id)_\(task) "), "\(expanded)") }

                // One task by name; then the array keeps its other tasks.
                let cancelOne = try await cluster.run("qcancel", ["\(id)_3"], as: .alice)
                #expect(cancelOne.succeeded, "\(cancelOne)")
                let shown = try await cluster.run("qstat", ["-j", "\(id)_3"], as: .alice)
                #expect(shown.stdout.contains("ArrayJobId=\(id) ArrayTaskId=3 ArrayTaskThrottle=1"), "\(shown)")
                #expect(shown.stdout.contains("CANCELLED"), "\(shown)")
                let refolded = try await cluster.run("qstat", [], as: .alice)
                #expect(refolded.stdout.contains("\(id)_[1-2,4-5%1]"), "\(refolded)")

                // A dependency on the array waits for every task.
                let after = try await cluster.submit(Circuits.one, ["-d", "afterany:\(id)"], as: .alice)
                let dependency = try #require(try await cluster.show(after).job.dependency)
                #expect(Set(dependency.jobIDs) == Set(tasks.values.map(\.id)), "\(dependency.text)")

                executors.open("array")
                let ended = try await cluster.waitForJob(after)
                #expect(ended.state == .completed)
                tasks = try await Self.tasks(of: id, in: cluster)
                #expect(tasks.filter { $0.key != 3 }.values.allSatisfy { $0.state == .completed && $0.qpuSeconds > 0 })
                #expect(tasks[3]?.state == .cancelled)
                let lastEnd = try #require(tasks.values.compactMap(\.endTime).max())
                #expect(try #require(ended.startTime) >= lastEnd)
                // With %1 the tasks never overlapped.
                let runs = tasks.values.filter { $0.state == .completed }.compactMap { job in
                    job.startTime.flatMap { start in job.endTime.map { (start, $0) } }
                }.sorted { $0.0 < $1.0 }
                for (earlier, later) in zip(runs, runs.dropFirst()) { #expect(later.0 >= earlier.1, "\(runs)") }

                // Results in task order; the cancelled task is named and fails the command.
                let results = try await cluster.run("qresult", [String(id)], as: .alice)
                #expect(results.exitStatus == 1 && results.stderr.contains("job \(id)_3"), "\(results)")
                let printed = results.stdout.split(separator: "\n").filter { $0.hasSuffix(":") }
                #expect(printed == ["\(id)_0:", "\(id)_1:", "\(id)_2:", "\(id)_4:", "\(id)_5:"], "\(results)")
                let json = try await cluster.run("qresult", ["--json", String(id)], as: .alice)
                let documents = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
                #expect(
                    documents?.compactMap { $0["job_id"] as? String }
                        == ["\(id)_0", "\(id)_1", "\(id)_2", "\(id)_4", "\(id)_5"], "\(json)")
                let one = try await cluster.run("qresult", ["--json", "\(id)_4"], as: .alice)
                #expect(one.succeeded && one.stdout.contains("\"job_id\" : \"\(id)_4\""), "\(one)")
            }
        }

        @Test func cancellingTheArrayCancelsEveryTaskAndOnlyTheOwnerMay() async throws {
            try await withCluster { cluster in
                let id = try await cluster.submit(Circuits.one, ["--array=1,5,7-9:2", "--hold"], as: .alice)
                let tasks = try await Self.tasks(of: id, in: cluster)
                #expect(tasks.keys.sorted() == [1, 5, 7, 9])
                let foreign = try await cluster.run("qcancel", [String(id)], as: .bob)
                #expect(foreign.exitStatus == 1, "\(foreign)")
                let all = try await cluster.run("qcancel", ["-v", String(id)], as: .alice)
                #expect(all.succeeded, "\(all)")
                let after = try await Self.tasks(of: id, in: cluster)
                #expect(after.values.allSatisfy { $0.state == .cancelled }, "\(after.values.map(\.state))")
                let missing = try await cluster.run("qcancel", ["\(id)_2"], as: .alice)
                #expect(missing.exitStatus == 1 && missing.stderr.contains("no job \(id)_2"), "\(missing)")
                let accounting = try await cluster.run("qstat", ["-a", "-r", "-o", "%i %T"], as: .alice)
                for task in [1, 5, 7, 9] {
                    #expect(accounting.stdout.contains("\(id)_\(task) CANCELLED"), "\(accounting)")
                }
            }
        }

        @Test func badArraysAreRefusedNamingTheOption() async throws {
            try await withCluster { cluster in
                let script = try cluster.writeScript(Circuits.one)
                for (value, why) in [
                    ("5-1", "ends before it starts"), ("0-2000000", "task indices run from 0"),
                    ("0-99%0", "'%0'"), ("0-20000", "at most 10000 tasks"), ("a-b", "'a-b'"),
                    ("3:2", "a step needs a range"),
                ] {
                    let refused = try await cluster.run("qsub", ["--array=\(value)", script])
                    #expect(refused.exitStatus == 2, "\(value): \(refused)")
                    #expect(
                        refused.stderr.contains("'--array'") && refused.stderr.contains(why), "\(value): \(refused)")
                }
                let waited = try await cluster.run("qsub", ["--wait", "--array=0-1", script])
                #expect(waited.exitStatus != 0 && waited.stderr.contains("qresult ID"), "\(waited)")
                let run = try await cluster.run("qrun", ["--array=0-1", script])
                #expect(run.exitStatus != 0 && run.stderr.contains("qsub --array"), "\(run)")
                let directive = try cluster.writeScript("// QPI --array=0-2\n" + Circuits.one)
                let id = try await cluster.submit(Circuits.one, ["--array=0-2"])
                #expect(try await Self.tasks(of: id, in: cluster).count == 3)
                let fromDirective = try await cluster.run("qsub", ["--parsable", directive])
                let directiveID = try #require(
                    JobID(fromDirective.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
                #expect(try await Self.tasks(of: directiveID, in: cluster).keys.sorted() == [0, 1, 2])
            }
        }
    }
}
