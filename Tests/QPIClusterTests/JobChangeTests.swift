import Foundation
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// `qctl job update` and `qctl job requeue` through the real daemons (issue 21, item 5).
    @Suite struct JobChangeTests {
        @Test func ownersAndAdminsUpdatePendingJobsCheckedAsSubmissions() async throws {
            try await withCluster { cluster in
                // sim0 takes no jobs, so alice's stays pending while it is changed.
                _ = try await cluster.admin("qctl", ["qpu", "disable", "sim0"])
                let job = try await cluster.submit(Circuits.one, ["--shots", "100"], as: .alice)
                let id = String(job)

                let foreign = try await cluster.run("qctl", ["job", "update", id, "Name=mine"], as: .bob)
                #expect(foreign.exitStatus == 1 && foreign.stderr.contains("belongs to"), "\(foreign)")

                let changed = try await cluster.run(
                    "qctl",
                    [
                        "job", "update", id, "TimeLimit=5m", "name=renamed", "Shots=300", "Comment=second try",
                        "Begin=now+1h",
                    ],
                    as: .alice)
                #expect(changed.succeeded && changed.stdout.contains("JobName=renamed"), "\(changed)")
                var shown = try await cluster.show(job)
                #expect(shown.job.timeLimitSeconds == 300 && shown.job.name == "renamed" && shown.job.shots == 300)
                #expect(shown.job.comment == "second try")
                #expect((shown.job.beginTime ?? 0) > shown.job.submitTime + 3_000)
                #expect(shown.events.last?.kind == .updated, "\(shown.events)")
                #expect(shown.events.last?.detail?.hasPrefix("by \(TestUser.alice.name): TimeLimit=5:00") == true)

                let priority = try await cluster.run("qctl", ["job", "update", id, "Priority=5"], as: .alice)
                #expect(priority.exitStatus == 1 && priority.stderr.contains("(Priority)"), "\(priority)")
                #expect(try await cluster.run("qctl", ["job", "update", id, "Priority=5"]).succeeded)
                #expect(try await cluster.show(job).job.priority == 5)

                let refusals: [([String], Int32, String)] = [
                    (["TimeLimit=soon"], 2, "'TimeLimit'"), (["Shots=0"], 2, "'Shots'"),
                    (["Bogus=1"], 2, "unknown key 'Bogus'"), (["Begin=whenever"], 2, "'Begin'"),
                    (["QPU=nope"], 1, "unknown QPU 'nope'"), (["TimeLimit=100d"], 1, "(TimeLimit)"),
                    (["Name=ok", "Shots=99999999999"], 2, "'Shots'"),
                ]
                for (changes, status, text) in refusals {
                    let refused = try await cluster.run("qctl", ["job", "update", id] + changes, as: .alice)
                    #expect(refused.exitStatus == status && refused.stderr.contains(text), "\(refused)")
                }
                shown = try await cluster.show(job)
                #expect(shown.job.name == "renamed" && shown.job.shots == 300, "a refused change changes nothing")

                // Now due and on a QPU that runs: it runs as changed.
                #expect(
                    try await cluster.run("qctl", ["job", "update", id, "Begin=now", "Comment="], as: .alice).succeeded)
                _ = try await cluster.admin("qctl", ["qpu", "enable", "sim0"])
                let ended = try await cluster.waitForJob(job, within: .seconds(60))
                #expect(ended.state == .completed && ended.shots == 300 && ended.comment == nil, "\(ended)")
                let late = try await cluster.run("qctl", ["job", "update", id, "Name=late"], as: .alice)
                #expect(late.exitStatus == 1 && late.stderr.contains("only pending jobs"), "\(late)")
            }
        }

        /// An ended job runs again; what each run used is charged once, and the new run's
        /// result replaces the old one.
        @Test func anEndedJobIsRequeuedAndEachRunChargedOnce() async throws {
            let executors = try ScriptedExecutors()
            let qpus = [ClusterQPU("c0", executorCommand: try executors.gated("never"))]
            try await withCluster(qpus: qpus) { cluster in
                let alice = TestUser.alice.name
                try await cluster.admin("qctl", ["user", "set", alice, "qpu_seconds=100"])
                // A run stopped at its limit is charged the limit: 2 s a run, whatever the machine.
                let job = try await cluster.submit(Circuits.one, ["--time", "0:02"], as: .alice)
                #expect(try await cluster.waitForJob(job, within: .seconds(60)).state == .timeout, cluster.logs)
                #expect(try await cluster.balance(of: alice) == 98)

                let foreign = try await cluster.run("qctl", ["job", "requeue", String(job)], as: .bob)
                #expect(foreign.exitStatus == 1 && foreign.stderr.contains("belongs to"), "\(foreign)")
                let requeued = try await cluster.run("qctl", ["job", "requeue", String(job)], as: .alice)
                #expect(requeued.succeeded, "\(requeued)")
                let again = try await cluster.waitForJob(job, within: .seconds(60)) {
                    $0.state.isFinished && $0.requeueCount == 1
                }
                #expect(again.state == .timeout && again.qpuSeconds == 4, "\(again)")
                #expect(try await cluster.balance(of: alice) == 96)
                let kinds = try await cluster.show(job).events.map(\.kind)
                #expect(kinds == [.submitted, .dispatched, .timedOut, .requeued, .dispatched, .timedOut], "\(kinds)")
            }
        }

        @Test func aRunningJobIsStoppedAndRunsAgain() async throws {
            let executors = try ScriptedExecutors()
            try await withCluster(qpus: [ClusterQPU("gate0", executorCommand: try executors.gated("go"))]) { cluster in
                let job = try await cluster.submit(Circuits.one, as: .alice)
                let first = try await cluster.waitForJob(job, "to run") { $0.state == .running }

                let pendingOne = try await cluster.submit(Circuits.one, ["--hold"], as: .alice)
                let refused = try await cluster.run("qctl", ["job", "requeue", String(pendingOne)], as: .alice)
                #expect(refused.exitStatus == 1 && refused.stderr.contains("PENDING already"), "\(refused)")

                #expect(try await cluster.run("qctl", ["job", "requeue", String(job)]).succeeded)
                let second = try await cluster.waitForJob(job, "to run again") {
                    $0.state == .running && $0.dispatchID != first.dispatchID
                }
                #expect(second.requeueCount == 1)
                executors.open("go")
                let ended = try await cluster.waitForJob(job, within: .seconds(60))
                #expect(ended.state == .completed && ended.qpuSeconds < 5, "\(ended)")
                let result = try await cluster.run("qresult", [String(job)], as: .alice)
                #expect(result.succeeded, "\(result)")
                let events = try await cluster.show(job).events
                #expect(
                    events.map(\.kind) == [.submitted, .dispatched, .requeued, .dispatched, .completed], "\(events)")
                #expect(events[2].detail == "by root")

                // A completed job runs again; its new result replaces the old.
                #expect(try await cluster.run("qctl", ["job", "requeue", String(job)], as: .alice).succeeded)
                let rerun = try await cluster.waitForJob(job, within: .seconds(60)) {
                    $0.state.isFinished && $0.requeueCount == 2
                }
                #expect(rerun.state == .completed, "\(rerun)")
                #expect(try await cluster.run("qresult", [String(job)], as: .alice).succeeded)
            }
        }
    }
}
