import Foundation
import QPIClient
import QPIControllerClient
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
                // Accounting keeps a line, and a charge, per task, named as sacct names it.
                let accounting = try await cluster.run("qacct", ["-o", "JobID,State"], as: .alice)
                for task in 0...5 { #expect(accounting.stdout.contains("\(id)_\(task) "), "\(accounting)") }
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

        @Test func holdAndReleaseNameAnArraysPendingTasksOrOneTask() async throws {
            let executors = try ScriptedExecutors()
            // One job at a time on the QPU, so the tasks behind the first stay in the queue.
            try await withCluster(
                qpus: [ClusterQPU("gate0", executorCommand: try executors.gated("hold"))],
                settings: ClusterSuite.oneAtATime
            ) { cluster in
                let id = try await cluster.submit(Circuits.one, ["--array=0-3"], as: .alice)
                _ = try await cluster.waitForJob(id, "to run") { $0.state == .running }
                let hold = try await cluster.run("qctl", ["job", "hold", String(id)], as: .alice)
                #expect(hold.succeeded, "the running task is left alone: \(hold)")
                var tasks = try await Self.tasks(of: id, in: cluster)
                #expect(tasks[0]?.state == .running && (1...3).allSatisfy { tasks[$0]?.reason == .held })
                let releaseOne = try await cluster.run("qctl", ["job", "release", "\(id)_2"], as: .alice)
                #expect(releaseOne.succeeded, "\(releaseOne)")
                tasks = try await Self.tasks(of: id, in: cluster)
                #expect(tasks[2]?.held == false && tasks[1]?.held == true && tasks[3]?.held == true)
                let missing = try await cluster.run("qctl", ["job", "release", "\(id)_7"], as: .alice)
                #expect(missing.exitStatus == 1 && missing.stderr.contains("no live job \(id)_7"), "\(missing)")
                executors.open("hold")
                _ = try await cluster.waitForJob(try #require(tasks[2]?.id))
                #expect(try await cluster.show(try #require(tasks[1]?.id)).job.reason == .held)
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
                // Another client's array is checked by the controller as well.
                var unordered = JobOptions()
                unordered.array = JobArray(tasks: [3, 1])
                let refused = await #expect(throws: ClientError.self) {
                    try await cluster.client().call(
                        SubmitRequest(
                            scripts: [ScriptFile(name: "one.qasm", text: Circuits.one)], options: unordered,
                            circuitCount: 1, qubits: 1))
                }
                #expect(refused?.wire?.field == "array", "\(String(describing: refused))")
                let directive = try cluster.writeScript("// QPI --array=0-2\n" + Circuits.one)
                let id = try await cluster.submit(Circuits.one, ["--array=0-2"])
                #expect(try await Self.tasks(of: id, in: cluster).count == 3)
                let fromDirective = try await cluster.run("qsub", ["--parsable", directive])
                let directiveID = try #require(
                    JobID(fromDirective.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
                #expect(try await Self.tasks(of: directiveID, in: cluster).keys.sorted() == [0, 1, 2])
            }
        }

        static let sweep = """
            OPENQASM 3.0;
            include "stdgates.inc";
            input float[64] theta;
            input int array_task_id;
            qubit[1] q;
            bit[1] c;
            rx(theta + array_task_id * 0) q[0];
            c = measure q;
            """

        /// Each task's counts, by task index, from `qresult --json ID`.
        static func counts(of id: JobID, in cluster: ClusterHarness) async throws -> [Int: [String: Int]] {
            let printed = try await cluster.run("qresult", ["--json", String(id)])
            let documents = try #require(
                try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [[String: Any]], "\(printed)")
            var counts: [Int: [String: Int]] = [:]
            for document in documents {
                let name = try #require(document["job_id"] as? String)
                let task = try #require(Int(name.split(separator: "_").last ?? ""))
                let results = try #require(document["results"] as? [[String: Any]])
                counts[task] = results.first?["counts"] as? [String: Int]
            }
            return counts
        }

        @Test func aSweepBindsEachTasksValuesAndItsIndex() async throws {
            try await withCluster { cluster in
                let id = try await cluster.submit(
                    Self.sweep, ["--shots", "64", "--param", "theta=0:3.141592653589793:3"], as: .alice)
                let tasks = try await Self.tasks(of: id, in: cluster)
                #expect(tasks.keys.sorted() == [0, 1, 2])
                for job in tasks.values { _ = try await cluster.waitForJob(job.id) }
                let counts = try await Self.counts(of: id, in: cluster)
                #expect(counts[0] == ["0": 64], "theta=0 leaves the qubit at 0: \(counts)")
                #expect(counts[2] == ["1": 64], "theta=pi flips it: \(counts)")
                #expect(counts[1]?.values.reduce(0, +) == 64 && counts[1]?.count == 2, "theta=pi/2 splits: \(counts)")

                // The index alone, bound per task of an explicit array.
                let indexed = """
                    OPENQASM 3.0;
                    include "stdgates.inc";
                    input int array_task_id;
                    qubit[1] q;
                    bit[1] c;
                    rx(array_task_id * pi) q[0];
                    c = measure q;
                    """
                let byIndex = try await cluster.submit(indexed, ["--shots", "16", "--array=0-1"])
                for job in try await Self.tasks(of: byIndex, in: cluster).values {
                    _ = try await cluster.waitForJob(job.id)
                }
                #expect(try await Self.counts(of: byIndex, in: cluster) == [0: ["0": 16], 1: ["1": 16]])

                // Every combination of two parameters.
                let two = """
                    OPENQASM 3.0;
                    include "stdgates.inc";
                    input float[64] a;
                    input angle b;
                    qubit[1] q;
                    bit[1] c;
                    rx(a) q[0];
                    rz(b) q[0];
                    c = measure q;
                    """
                let product = try await cluster.submit(
                    two, ["--param", "a=0,3.141592653589793", "--param", "b=0:1:3", "--param-product"])
                #expect(try await Self.tasks(of: product, in: cluster).count == 6)

                // The sweep in the script's own directive lines.
                let directed = try await cluster.submit(
                    "// QPI --shots=8 --param theta=3.141592653589793,0\n" + Self.sweep, [])
                for job in try await Self.tasks(of: directed, in: cluster).values {
                    _ = try await cluster.waitForJob(job.id)
                }
                #expect(try await Self.counts(of: directed, in: cluster) == [0: ["1": 8], 1: ["0": 8]])
            }
        }

        @Test func badBindingsAreRefusedWhereTheInputIsDeclared() async throws {
            try await withCluster { cluster in
                let script = try cluster.writeScript(Self.sweep, named: "sweep.qasm")
                let unbound = try await cluster.run("qsub", [script])
                #expect(unbound.exitStatus == 1, "\(unbound)")
                #expect(
                    unbound.stderr.contains("sweep.qasm:3:")
                        && unbound.stderr.contains(
                            "input 'theta' (float[64]) has no value; bind it with --param theta="),
                    "\(unbound)")
                let mistyped = try await cluster.run("qsub", ["--param", "theta=0.5,abc", script])
                #expect(mistyped.exitStatus == 1, "\(mistyped)")
                #expect(
                    mistyped.stderr.contains("sweep.qasm:3:") && mistyped.stderr.contains("'abc'")
                        && mistyped.stderr.contains("(task 1)"), "\(mistyped)")
                let unknown = try await cluster.run("qsub", ["--param", "theta=1", "--param", "phi=1", script])
                #expect(unknown.exitStatus == 1 && unknown.stderr.contains("no input 'phi'"), "\(unknown)")
                let uneven = try await cluster.run("qsub", ["--param", "theta=1,2", "--array=0-2", script])
                #expect(uneven.exitStatus == 2 && uneven.stderr.contains("3 tasks"), "\(uneven)")
                let zipped = try cluster.writeScript(
                    Self.sweep.replacingOccurrences(of: "input int array_task_id;", with: "input int n;"))
                let mismatched = try await cluster.run("qsub", ["--param", "theta=1,2", "--param", "n=1", zipped])
                #expect(mismatched.exitStatus == 2 && mismatched.stderr.contains("--param-product"), "\(mismatched)")
                let reserved = try await cluster.run("qsub", ["--param", "array_task_id=1", script])
                #expect(reserved.exitStatus == 2 && reserved.stderr.contains("each task's index"), "\(reserved)")
                let plain = try await cluster.run(
                    "qsub", ["--param", "theta=1", try cluster.writeScript(Circuits.one)])
                #expect(plain.exitStatus == 2 && plain.stderr.contains("declare none"), "\(plain)")
                let listed = try await cluster.run("qstat", ["-a"])
                #expect(!listed.stdout.contains("sweep"), "nothing was submitted: \(listed)")
            }
        }
    }
}
