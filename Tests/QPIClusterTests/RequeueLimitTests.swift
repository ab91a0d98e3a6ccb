import Foundation
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// The recovery sweep's cap: a job is requeued at most MaxRequeue times, counting in
    /// `qstat -j`'s Requeues=N, then ends NODE_FAIL (node silent) or TIMEOUT (no result
    /// past its time limit plus JobTimeout), with the reason in its events.
    @Suite struct RequeueLimitTests {
        @Test func aJobWhoseNodeDiesMoreThanMaxRequeueTimesEndsNodeFail() async throws {
            let executors = try ScriptedExecutors()
            let qpus = [ClusterQPU("n0", executorCommand: try executors.gated("never"))]
            try await withCluster(qpus: qpus, settings: ["NodeTimeout": "3s", "MaxRequeue": "2"]) { cluster in
                let id = try await cluster.submit(Circuits.one)
                var previous: Int64?
                for loss in 1...3 {
                    let run = try await cluster.waitForJob(id, "to run a \(loss). time") { [previous] in
                        $0.state == .running && $0.dispatchID != previous
                    }
                    previous = run.dispatchID
                    // kill -9, and no restart until NodeTimeout has passed: the sweep acts.
                    cluster.kill(.node("n0"))
                    let taken = try await cluster.waitForJob(id, "to be taken back") { $0.state != .running }
                    #expect(taken.requeueCount == min(loss, 2))
                    #expect(taken.state == (loss <= 2 ? .pending : .nodeFail), cluster.logs)
                    if loss <= 2 {
                        let shown = try await cluster.run("qstat", ["-j", String(id)])
                        #expect(shown.stdout.contains("JobState=PENDING"), "\(shown)")
                        #expect(shown.stdout.contains("Requeues=\(loss)"), "\(shown)")
                        try cluster.start(.node("n0"))
                    }
                }
                let shown = try await cluster.run("qstat", ["-j", String(id)])
                #expect(shown.stdout.contains("JobState=NODE_FAIL"), "\(shown)")
                #expect(shown.stdout.contains("Requeues=2"), "\(shown)")
                #expect(shown.stdout.contains("Message=node n0 silent for"), "\(shown)")
                let events = try await cluster.show(id).events
                #expect(
                    events.map(\.kind) == [
                        .submitted, .dispatched, .requeued, .dispatched, .requeued, .dispatched, .nodeFailed,
                    ])
                for event in events where event.kind == .requeued || event.kind == .nodeFailed {
                    #expect(event.detail?.contains("node n0 silent for") == true, "\(event)")
                    #expect(event.detail?.contains("(NodeTimeout 3s)") == true, "\(event)")
                }
                let ended = try await cluster.show(id).job
                #expect(ended.qpuSeconds == 0)
            }
        }

        /// A job on a node that stays connected but says nothing (SIGSTOP, with NodeTimeout
        /// far away) is taken back once it has run past its time limit plus JobTimeout.
        @Test func aJobPastItsLimitAndJobTimeoutIsRequeuedThenEndsTimeout() async throws {
            let executors = try ScriptedExecutors()
            let qpus = [ClusterQPU("t0", executorCommand: try executors.gated("stuck"))]
            let settings = ["NodeTimeout": "120s", "JobTimeout": "2s", "MaxRequeue": "1"]
            try await withCluster(qpus: qpus, settings: settings) { cluster in
                let id = try await cluster.submit(Circuits.one, ["--time", "0:10"])
                _ = try await cluster.waitForJob(id, "to run") { $0.state == .running }
                // Silenced before its own 10 s timer can report TIMEOUT.
                cluster.signal(.node("t0"), SIGSTOP)
                defer { cluster.signal(.node("t0"), SIGCONT) }
                let requeued = try await cluster.waitForJob(id, within: .seconds(60), "to be requeued") {
                    $0.requeueCount == 1
                }
                #expect(requeued.state != .timeout)

                let job = try await cluster.waitForJob(id, within: .seconds(60))
                #expect(job.state == .timeout && job.requeueCount == 1, cluster.logs)
                let events = try await cluster.show(id).events
                #expect(events.map(\.kind) == [.submitted, .dispatched, .requeued, .dispatched, .timedOut])
                // Taken back no earlier than 10 s of running plus 2 s of JobTimeout, by the
                // controller's own clock.
                for (dispatch, end) in zip(events, events.dropFirst())
                where dispatch.kind == .dispatched {
                    #expect(end.time - dispatch.time >= 12, "\(end.kind) \(end.time - dispatch.time) s after dispatch")
                }
                for event in events.suffix(3) where event.kind != .dispatched {
                    let detail = event.detail ?? ""
                    #expect(detail.contains("with no result from node t0: past its time limit 0:10 plus JobTimeout 2s"))
                }
                #expect(try await cluster.qpuStatuses().first?.qpu.state != .down)
            }
        }
    }
}
