import Foundation
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// Waits (`qsub --wait`, `qrun`, `GET /api/jobs/{id}?wait=`, event streams) are held
    /// outside the command port's request contexts and are capped, so waiting clients
    /// cannot keep anyone else's `qstat` from an answer.
    @Suite struct WaitCapacityTests {
        @Test func manyWaitsLeaveTheCommandPortServing() async throws {
            try await withCluster { cluster in
                let job = try await cluster.submit(Circuits.one, ["--hold"])
                let waiter = try RawCommandClient(cluster)
                defer { waiter.close() }
                let waits = Task {
                    try await withThrowingTaskGroup(of: String?.self) { group in
                        for _ in 0..<100 {
                            group.addTask {
                                let reply = try await waiter.call(WaitJobRequest(jobID: job, timeoutSeconds: 20))
                                return reply.error?.message
                            }
                        }
                        return try await group.reduce(into: [String?]()) { $0.append($1) }
                    }
                }
                // Let every wait reach the controller before asking something else.
                try await Task.sleep(for: .seconds(3))
                let start = ContinuousClock.now
                let qstat = try await cluster.run("qstat", ["--json"])
                #expect(qstat.succeeded, "\(qstat)")
                #expect(ContinuousClock.now - start < .seconds(5), "qstat waited behind the waits")

                let http = HTTPClient(cluster, token: try await cluster.apiToken())
                let refused = try await http.get("/api/jobs/\(job)?wait=30")
                #expect(refused.status == 503, "a user's 65th wait was held: \(refused)")

                #expect(try await cluster.run("qcancel", [String(job)]).succeeded)
                let answers = try await waits.value
                let refusals = answers.compactMap { $0 }
                #expect(refusals.count == 36, "\(refusals.count) refused: \(Set(refusals))")
                #expect(refusals.allSatisfy { $0.contains("waits") }, "\(Set(refusals))")
            }
        }

        @Test func eventStreamsAreCappedPerUser() async throws {
            try await withCluster { cluster in
                let token = try await cluster.apiToken(as: .alice)
                let port = cluster.serverPort
                // Each reader holds its stream open for the whole period.
                let held = (0..<8).map { _ in
                    Task {
                        try await EventStreamReader.read(
                            port: port, path: "/api/events", token: token, for: .seconds(6))
                    }
                }
                try await Task.sleep(for: .seconds(2))
                let extra = try await EventStreamReader.read(
                    port: port, path: "/api/events", token: token, for: .seconds(5),
                    until: { $0.contains(": connected") || $0.contains("\"error\"") })
                #expect(extra.status == 429 && extra.text.contains("rate_limited"), "\(extra.text)")
                for stream in held { _ = try? await stream.value }
            }
        }
    }
}
