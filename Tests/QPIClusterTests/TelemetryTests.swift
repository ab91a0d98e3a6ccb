import Foundation
import QPICore
import QPIDocuments
import QPIStore
import QPITesting
import Testing

extension ClusterSuite {
    /// Executor events travel qpid → qpictld, are stored, and `qinfo --telemetry` lists them.
    @Suite struct TelemetryTests {
        @Test func calibrationEventsAreStoredAndListed() async throws {
            let files = try TemporaryDirectory(prefix: "qpi-calibration")
            let calibration = files.path(of: "calibration.json")
            try #"{"t1_q0": 5.2e-05, "t2_q0": 3.1e-05, "readout_fidelity_q0": 0.973}"#.write(
                toFile: calibration, atomically: true, encoding: .utf8)
            let command = try PythonExecutors.command(
                "mock", ["--calibration-file", calibration, "--telemetry-interval", "200ms"])
            try await withCluster(qpus: [ClusterQPU("cal0", executor: "mock", executorCommand: command)]) { cluster in
                // No job runs: events flow while the QPU is idle.
                let first = try await cluster.waitFor("a calibration event", within: .seconds(60)) {
                    () async throws -> TelemetryJSON? in
                    try await cluster.document(
                        ListJSON<TelemetryJSON>.self, "qinfo", ["-q", "cal0", "--telemetry", "--json"]
                    )
                    .items.first
                }
                #expect(first.qpu == "cal0")
                #expect(first.kind == "calibration")
                #expect(first.data == ["t1_q0": 5.2e-05, "t2_q0": 3.1e-05, "readout_fidelity_q0": 0.973])

                // The same events over HTTP, for the dashboard's charts.
                let anonymous = HTTPClient(cluster)
                let alice = anonymous.with(token: try await cluster.apiToken(as: .alice))
                let listed = try await alice.get("/api/qpus/cal0/telemetry?kind=calibration&limit=5")
                #expect(listed.status == 200, "\(listed)")
                let newest = try #require(listed.items.first, "\(listed)")
                #expect(newest["kind"] as? String == "calibration" && newest["qpu"] as? String == "cal0")
                #expect((newest["data"] as? [String: Double])?["readout_fidelity_q0"] == 0.973, "\(listed)")
                #expect(listed.items.count <= 5)
                #expect(try await anonymous.get("/api/qpus/cal0/telemetry").status == 401)
                let unknownQPU = try await alice.get("/api/qpus/nosuch/telemetry")
                #expect(unknownQPU.status == 404 && unknownQPU.errorField == "qpu", "\(unknownQPU)")
                let badLimit = try await alice.get("/api/qpus/cal0/telemetry?limit=0")
                #expect(badLimit.status == 422 && badLimit.errorField == "limit", "\(badLimit)")
                let badSince = try await alice.get("/api/qpus/cal0/telemetry?since=yesterday")
                #expect(badSince.status == 422 && badSince.errorField == "since", "\(badSince)")
                let hourAgo = RFC3339.string(from: Date(timeIntervalSinceNow: -3_600))
                let recent = try await alice.get("/api/qpus/cal0/telemetry?since=\(hourAgo)")
                #expect(recent.status == 200 && !recent.items.isEmpty, "\(recent)")
                let inAnHour = RFC3339.string(from: Date(timeIntervalSinceNow: 3_600))
                let future = try await alice.get("/api/qpus/cal0/telemetry?since=\(inAnHour)")
                #expect(future.status == 200 && future.items.isEmpty, "\(future)")

                let table = try await cluster.run("qinfo", ["-q", "cal0", "--telemetry", "--limit", "1"])
                #expect(table.succeeded, "\(table)")
                #expect(table.stdout.contains("TIME"))
                #expect(
                    table.stdout.contains("calibration readout_fidelity_q0=0.973 t1_q0=5.2e-05 t2_q0=3.1e-05"),
                    "\(table)")

                // The executor reads the file anew for each event: a recalibration shows up.
                try #"{"t1_q0": 6.0e-05}"#.write(toFile: calibration, atomically: true, encoding: .utf8)
                _ = try await cluster.waitFor("the new calibration", within: .seconds(30)) { () async throws -> Bool? in
                    let latest = try await cluster.document(
                        ListJSON<TelemetryJSON>.self, "qinfo", ["-q", "cal0", "--telemetry", "--json", "--limit", "1"]
                    ).items
                    return latest.first?.data == ["t1_q0": 6.0e-05] ? true : nil
                }

                // A job records the QPU's newest calibration event when it ends.
                let id = try await cluster.submit(Circuits.bell, ["--shots", "10"])
                let job = try await cluster.waitForJob(id, within: .seconds(60))
                #expect(job.state == .completed, cluster.logs)
                let calibrations = try await cluster.document(
                    ListJSON<TelemetryJSON>.self, "qinfo",
                    ["-q", "cal0", "--telemetry", "--kind", "calibration", "--json", "--limit", "10000"]
                ).items
                let store = try JobStore(path: cluster.stateDirectory + "/" + JobStore.fileName)
                let recorded = try #require(try store.result(of: id)?.calibrationID.flatMap { Int64($0) })
                try await store.close()
                #expect(calibrations.contains { $0.id == recorded }, "calibration \(recorded) is not a stored event")

                let unknown = try await cluster.run("qinfo", ["-q", "nosuch", "--telemetry"])
                #expect(!unknown.succeeded)
                #expect(unknown.stderr.contains("no QPU named 'nosuch'"), "\(unknown)")
                let noQPU = try await cluster.run("qinfo", ["--telemetry"])
                #expect(!noQPU.succeeded)
                #expect(noQPU.stderr.contains("--telemetry needs the QPU"), "\(noQPU)")
            }
        }

        @Test func aFloodOfEventsIsCutAtTheRateLimit() async throws {
            let files = try TemporaryDirectory(prefix: "qpi-flood")
            let script = files.path(of: "flood.py")
            let gate = files.path(of: "flood.open")
            // Says hello, sends 1,000 events at once when the test opens its gate (once the
            // node is connected, so none is dropped for want of a link), then serves nothing
            // until its input ends.
            try """
            import os, sys, time
            from qpi_executors.protocol import encode
            out = sys.stdout.buffer
            out.write(encode({"type": "hello", "protocol": 1, "name": "flood", "qubits": 2, "basis_gates": [],
                              "max_shots": 10, "mid_circuit_measurement": False}))
            out.flush()
            while not os.path.exists("\(gate)"):
                time.sleep(0.05)
            for i in range(1000):
                out.write(encode({"type": "event", "kind": "cryostat", "data": {"mxc_kelvin": 0.01, "n": i}}))
            out.flush()
            sys.stdin.buffer.read()
            """.write(toFile: script, atomically: true, encoding: .utf8)
            let command = "\(try PythonExecutors.interpreter()) \(script)"
            try await withCluster(qpus: [ClusterQPU("flood0", executor: "flood", executorCommand: command)]) {
                cluster in
                _ = FileManager.default.createFile(atPath: gate, contents: nil)
                let log = cluster.path(of: "log/qpid-flood0.log")
                _ = try await cluster.waitFor("qpid to log the rate limit", within: .seconds(60)) { () -> Bool? in
                    let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                    return text.contains("dropping the excess") ? true : nil
                }
                // The first second's share is forwarded whole; the rest of the flood is cut,
                // however many one-second windows reading it took (the exact count per window
                // is TelemetryRateLimiterTests' to prove).
                let stored = try await cluster.waitFor(
                    "the first second's 100 events to be stored", within: .seconds(60)
                ) { () async throws -> [TelemetryJSON]? in
                    let stored = try await cluster.document(
                        ListJSON<TelemetryJSON>.self, "qinfo",
                        ["-q", "flood0", "--telemetry", "--json", "--limit", "10000"]
                    ).items
                    return stored.count >= 100 ? stored : nil
                }
                #expect(stored.count < 1000, "stored \(stored.count) of 1,000 events")
                #expect(stored.allSatisfy { $0.kind == "cryostat" })

                // qpid is still serving: a job runs (and fails: this executor answers nothing).
                let id = try await cluster.submit(Circuits.one, ["--time", "2s"])
                let job = try await cluster.waitForJob(id)
                #expect(job.state == .timeout, cluster.logs)
            }
        }
    }
}
