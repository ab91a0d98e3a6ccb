import QPIClient
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// `qctl diag` and `qctl ping` against real daemons.
    @Suite struct DiagnosticsTests {
        @Test func diagCountsTheJobsRequestsAndBusyTimeOfARun() async throws {
            try await withCluster { cluster in
                let before = try await cluster.json(DiagReport.self, "qctl", ["diag", "--json"])
                #expect(before.cluster == "qpi-test")
                #expect(before.statistics.startTime <= before.time)
                #expect(before.store == StoreStatus(engine: "sqlite", location: cluster.stateDirectory + "/qpi.db"))

                let alice = TestUser.alice
                let ran = [
                    try await cluster.submit(Circuits.bell, ["--shots", "200"]),
                    try await cluster.submit(Circuits.one, ["--shots", "100"], as: alice),
                ]
                let held = try await cluster.submit(Circuits.bell, ["--hold"])
                let cancel = try await cluster.run("qcancel", [String(held)])
                #expect(cancel.succeeded, "\(cancel)")
                var charged: [String: Double] = [:]
                for id in ran {
                    let job = try await cluster.waitForJob(id, within: .seconds(60))
                    #expect(job.state == .completed, cluster.logs)
                    charged[job.user, default: 0] += job.qpuSeconds
                }

                let after = try await cluster.json(DiagReport.self, "qctl", ["diag", "--json"], as: alice)
                let jobs = after.statistics.jobs
                #expect(jobs.submitted - before.statistics.jobs.submitted == 3)
                #expect(jobs.started - before.statistics.jobs.started == 2)
                #expect(jobs.completed - before.statistics.jobs.completed == 2)
                #expect(jobs.cancelled - before.statistics.jobs.cancelled == 1)
                #expect(jobs.failed == 0)
                #expect(after.queue == DiagReport.QueueSizes(pending: 0, held: 0, running: 0))
                #expect(after.statistics.queueWait.count >= 2)
                #expect(after.statistics.dispatchAck.count >= 2)
                #expect(after.statistics.schedulerPasses.count > before.statistics.schedulerPasses.count)
                for (user, seconds) in charged {
                    let counted = after.statistics.userQPUSeconds[user] ?? 0
                    #expect(abs(counted - seconds) < 1e-9, "\(user): diag \(counted), jobs \(seconds)")
                }
                let sim0 = try #require(after.qpus.first { $0.name == "sim0" })
                #expect(sim0.busySeconds > 0)
                #expect(sim0.utilisation > 0 && sim0.utilisation <= 1)

                // Requests by type and user: three qsub, one qcancel, the diag before, the
                // waits, and this very diag is counted once it has been answered.
                let requests = after.requests
                #expect(
                    (requests.byType[SubmitRequest.type]?.count ?? 0)
                        - (before.requests.byType[SubmitRequest.type]?.count ?? 0) == 3)
                #expect((requests.byType[CancelRequest.type]?.count ?? 0) >= 1)
                #expect((requests.byType[DiagRequest.type]?.count ?? 0) >= 1)
                #expect((requests.byUser[alice.name]?.count ?? 0) >= 1)
                #expect(requests.byType[RequestCounts.unknownType] == nil)

                let text = try await cluster.run("qctl", ["diag"], as: alice)
                #expect(text.succeeded, "\(text)")
                for line in [
                    "Cluster:           qpi-test", "Store:             sqlite \(cluster.stateDirectory)/qpi.db",
                    "Jobs since start:", "Main schedule statistics:", "sim0",
                    "Remote procedure call statistics by message type:", "Remote procedure call statistics by user:",
                    SubmitRequest.type,
                ] {
                    #expect(text.stdout.contains(line), "missing '\(line)' in \(text)")
                }
            }
        }

        @Test func pingSaysUpWithItsLatencyAndDownWithANonzeroExit() async throws {
            try await withCluster { cluster in
                let up = try await cluster.run("qctl", ["ping"], as: TestUser.bob)
                #expect(up.succeeded, "\(up)")
                #expect(up.stdout.contains("is UP (cluster qpi-test), round trip "), "\(up)")
                let json = try await cluster.json(PingOutcome.self, "qctl", ["ping", "--json"])
                #expect(json.up)
                #expect(json.cluster == "qpi-test")
                #expect((json.roundTripSeconds ?? 0) > 0)
                #expect(json.error == nil)

                let badTimeout = try await cluster.run("qctl", ["ping", "--timeout", "0"])
                #expect(badTimeout.exitStatus == 2, "\(badTimeout)")
                #expect(badTimeout.stderr.contains("--timeout must be a number of seconds above 0"), "\(badTimeout)")

                cluster.stop(.controller)
                let down = try await cluster.run("qctl", ["ping"])
                #expect(down.exitStatus == 1, "\(down)")
                #expect(down.stdout.contains("qpictld at tcp://127.0.0.1:\(cluster.controlPort) is DOWN"), "\(down)")
                #expect(down.stderr.contains("connection refused; is qpictld running?"), "\(down)")
                let downJSON = try await cluster.run("qctl", ["ping", "--json"])
                #expect(downJSON.exitStatus == 1, "\(downJSON)")
                #expect(downJSON.stdout.contains(#""up" : false"#), "\(downJSON)")
            }
        }
    }
}
