import Foundation
import QPICore
import QPIDocuments
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// `qstat --start` through the real daemons (issue 21, item 3).
    @Suite struct StartEstimateTests {
        /// One QPU running a job with a 10-minute limit: the jobs behind start when the
        /// limits before them run out, in the scheduler's order; a held job has no start.
        @Test func pendingJobsStartWhenTheLimitsAheadRunOut() async throws {
            let executors = try ScriptedExecutors()
            // One job at a time on the QPU, so the jobs behind the first stay in the queue.
            try await withCluster(
                qpus: [ClusterQPU("gate0", executorCommand: try executors.gated("go"))],
                settings: ClusterSuite.oneAtATime
            ) { cluster in
                let running = try await cluster.submit(Circuits.one, ["--time", "10:00"], as: .alice)
                let started = try await cluster.waitForJob(running, "to run") { $0.state == .running }
                let start = try #require(started.startTime)
                let second = try await cluster.submit(Circuits.one, ["--time", "5:00"], as: .bob)
                let third = try await cluster.submit(Circuits.one, ["--time", "1:00", "--name", "third"], as: .alice)
                let held = try await cluster.submit(Circuits.one, ["--hold"], as: .alice)

                let estimates = try await cluster.document(
                    ListJSON<StartEstimateJSON>.self, "qstat", ["--start", "--json"]
                ).items
                #expect(estimates.map(\.job.id) == [second, third, held], "\(estimates)")
                #expect(estimates.map(\.position) == [1, 2, 3])
                // Documents write times to the millisecond.
                #expect(
                    abs((estimates[0].startTime?.timeIntervalSince1970 ?? 0) - (start + 600)) < 1e-3, "\(estimates[0])")
                #expect(
                    abs((estimates[1].startTime?.timeIntervalSince1970 ?? 0) - (start + 900)) < 1e-3, "\(estimates[1])")
                #expect(estimates[0].qpu == "gate0" && estimates[1].qpu == "gate0")
                #expect(estimates[2].startTime == nil && estimates[2].qpu == nil)

                let mine = try await cluster.document(
                    ListJSON<StartEstimateJSON>.self, "qstat",
                    ["--start", "--json", "-u", TestUser.alice.name, "-n", "third"]
                ).items
                #expect(mine.map(\.job.id) == [third] && mine.first?.position == 2, "\(mine)")

                let text = try await cluster.run("qstat", ["--start"])
                let lines = text.stdout.split(separator: "\n").map(String.init)
                #expect(lines.first?.contains("POSITION START_TIME") == true, "\(text)")
                #expect(lines.last?.contains(" 3 N/A ") == true && lines.last?.hasSuffix("(Held)") == true, "\(text)")
                let refused = try await cluster.run("qstat", ["--start", "-o", "%i"])
                #expect(refused.exitStatus == 2, "\(refused)")
            }
        }

        /// With DispatchDepth 2 the second job waits on the node behind the first: a pending
        /// job then starts when both limits have run out, one after the other.
        @Test func jobsQueuedOnTheNodeHoldTheQPUOneAfterAnother() async throws {
            let executors = try ScriptedExecutors()
            try await withCluster(
                qpus: [ClusterQPU("gate0", executorCommand: try executors.gated("depth"))],
                settings: ["DispatchDepth": "2"]
            ) { cluster in
                let first = try await cluster.submit(Circuits.one, ["--time", "10:00"], as: .alice)
                let started = try await cluster.waitForJob(first, "to run") { $0.state == .running }
                let start = try #require(started.startTime)
                let queued = try await cluster.submit(Circuits.one, ["--time", "5:00"], as: .bob)
                _ = try await cluster.waitForJob(queued, "to be sent to the node") { $0.state == .running }
                let pending = try await cluster.submit(Circuits.one, ["--time", "1:00"], as: .alice)

                let estimates = try await cluster.document(
                    ListJSON<StartEstimateJSON>.self, "qstat", ["--start", "--json"]
                ).items
                #expect(estimates.map(\.job.id) == [pending], "\(estimates)")
                #expect(
                    abs((estimates.first?.startTime?.timeIntervalSince1970 ?? 0) - (start + 900)) < 1e-3,
                    "\(estimates)")
            }
        }
    }
}
