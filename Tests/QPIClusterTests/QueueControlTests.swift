import Foundation
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// Holds, dependencies, priorities and time limits through the real daemons.
    @Suite struct QueueControlTests {
        @Test func holdAndRelease() async throws {
            let executors = try ScriptedExecutors()
            // One job at a time on the QPU, so the second stays in the queue to be held.
            try await withCluster(
                qpus: [ClusterQPU("gate0", executorCommand: try executors.gated("hold"))],
                settings: ClusterSuite.oneAtATime
            ) { cluster in
                let first = try await cluster.submit(Circuits.one, as: .alice)
                _ = try await cluster.waitForJob(first, "to run") { $0.state == .running }
                let second = try await cluster.submit(Circuits.one, as: .alice)

                let foreign = try await cluster.run("qctl", ["job", "hold", String(second)], as: .bob)
                #expect(foreign.exitStatus == 1 && foreign.stderr.contains("belongs to"), "\(foreign)")
                let hold = try await cluster.run("qctl", ["job", "hold", String(second)], as: .alice)
                #expect(hold.succeeded, "\(hold)")
                #expect(try await cluster.show(second).job.reason == .held)
                let running = try await cluster.run("qctl", ["job", "hold", String(first)])
                #expect(running.exitStatus == 1 && running.stderr.contains("only pending jobs"), "\(running)")

                executors.open("hold")
                #expect(try await cluster.waitForJob(first).state == .completed)
                try await Task.sleep(for: .seconds(1.5))
                let held = try await cluster.show(second)
                #expect(held.job.state == .pending && held.job.reason == .held)

                let release = try await cluster.run("qctl", ["job", "release", String(second)])
                #expect(release.succeeded, "\(release)")
                #expect(try await cluster.waitForJob(second).state == .completed)
                let kinds = try await cluster.show(second).events.map(\.kind)
                #expect(kinds.starts(with: [.submitted, .held, .released, .dispatched]), "\(kinds)")
            }
        }

        /// As Slurm's administrator hold: a user releases their own holds, not an
        /// administrator's hold on their job (issue 18, item 14).
        @Test func onlyAnAdministratorReleasesAnAdministratorsHold() async throws {
            try await withCluster { cluster in
                // sim0 takes no jobs, so alice's stays pending for as long as the test needs.
                _ = try await cluster.admin("qctl", ["qpu", "disable", "sim0"])
                let job = try await cluster.submit(Circuits.one, as: .alice)
                let id = String(job)

                #expect(try await cluster.run("qctl", ["job", "hold", id]).succeeded)
                let refused = try await cluster.run("qctl", ["job", "release", id], as: .alice)
                #expect(refused.exitStatus == 1, "\(refused)")
                #expect(refused.stderr.contains("held by an administrator"), "\(refused)")
                #expect(try await cluster.show(job).job.held)
                #expect(try await cluster.run("qctl", ["job", "release", id]).succeeded)

                // Her own hold is hers to release.
                #expect(try await cluster.run("qctl", ["job", "hold", id], as: .alice).succeeded)
                #expect(try await cluster.run("qctl", ["job", "release", id], as: .alice).succeeded)
                #expect(try await cluster.show(job).job.held == false)
            }
        }

        @Test func dependencyChain() async throws {
            try await withCluster { cluster in
                let first = try await cluster.submit(Circuits.one, ["--hold"])
                let afterOK = try await cluster.submit(Circuits.one, ["--dependency", "afterok:\(first)"])
                let afterNotOK = try await cluster.submit(Circuits.one, ["-d", "afternotok:\(first)"])
                let both = try await cluster.submit(
                    Circuits.one, ["--dependency", "afterany:\(first),afterok:\(afterOK)"])
                #expect(try await cluster.show(afterOK).job.reason == .dependency)
                let shown = try await cluster.run("qstat", ["-j", String(both)])
                #expect(shown.stdout.contains("Dependency=afterany:\(first),afterok:\(afterOK)"), "\(shown)")

                #expect(try await cluster.run("qctl", ["job", "release", String(first)]).succeeded)
                let ended = try await cluster.waitForJob(first)
                #expect(ended.state == .completed)
                let next = try await cluster.waitForJob(afterOK)
                #expect(next.state == .completed)
                let nextStart = try #require(next.startTime)
                #expect(nextStart >= (try #require(ended.endTime)))
                #expect(try await cluster.waitForJob(both).state == .completed)
                let never = try await cluster.waitForJob(afterNotOK, "to never be satisfied") {
                    $0.reason == .dependencyNeverSatisfied
                }
                #expect(never.state == .pending)
                let listing = try await cluster.run("qstat", [])
                #expect(listing.stdout.contains("(DependencyNeverSatisfied)"), "\(listing)")

                let unknown = try await cluster.run(
                    "qsub", ["-d", "afterok:999999", try cluster.writeScript(Circuits.one)])
                #expect(unknown.exitStatus == 1 && unknown.stderr.contains("job 999999"), "\(unknown)")
                let malformed = try await cluster.run("qsub", ["-d", "after:1", try cluster.writeScript(Circuits.one)])
                #expect(malformed.exitStatus == 2 && malformed.stderr.contains("unknown type 'after'"), "\(malformed)")
            }
        }

        @Test func onlyAdminsRaisePriorityAndHigherPriorityRunsFirst() async throws {
            let executors = try ScriptedExecutors()
            // One job at a time on the QPU: jobs leave the queue, and start, in priority order.
            // Above DispatchDepth 1, jobs already sent to the node would start first.
            try await withCluster(
                qpus: [ClusterQPU("gate0", executorCommand: try executors.gated("prio"))],
                settings: ClusterSuite.oneAtATime
            ) { cluster in
                let raised = try await cluster.run(
                    "qsub", ["--priority", "5", try cluster.writeScript(Circuits.one)], as: .bob)
                #expect(raised.exitStatus == 1, "\(raised)")
                #expect(raised.stderr.contains("only administrators may raise"), "\(raised)")
                let niceNegative = try await cluster.run(
                    "qsub", ["--nice=-5", try cluster.writeScript(Circuits.one)], as: .bob)
                #expect(niceNegative.exitStatus == 1, "\(niceNegative)")

                let blocker = try await cluster.submit(Circuits.one)
                _ = try await cluster.waitForJob(blocker, "to run") { $0.state == .running }
                let plain = try await cluster.submit(Circuits.one, as: .bob)
                let niced = try await cluster.submit(Circuits.one, ["--nice", "10"], as: .bob)
                let urgent = try await cluster.submit(Circuits.one, ["--priority", "100"])
                #expect(try await cluster.show(niced).job.priority == -10)
                executors.open("prio")
                let jobs = [
                    try await cluster.waitForJob(plain), try await cluster.waitForJob(niced),
                    try await cluster.waitForJob(urgent),
                ]
                let starts = try jobs.map { try #require($0.startTime) }
                #expect(starts[2] < starts[0] && starts[0] < starts[1], "starts: \(starts)")
            }
        }

        @Test func timeLimitsAboveMaxTimeAreRefused() async throws {
            try await withCluster(settings: ["MaxTime": "10m", "DefaultTime": "5m"]) { cluster in
                let tooLong = try await cluster.run("qsub", ["--time", "1h", try cluster.writeScript(Circuits.one)])
                #expect(tooLong.exitStatus == 1, "\(tooLong)")
                #expect(tooLong.stderr.contains("exceeds MaxTime 10:00"), "\(tooLong)")
                let defaulted = try await cluster.show(try await cluster.submit(Circuits.one, ["--hold"])).job
                #expect(defaulted.timeLimitSeconds == 300)
            }
        }
    }
}
