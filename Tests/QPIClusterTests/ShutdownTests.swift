import Foundation
import QPICore
import QPITesting
import Testing

extension ClusterSuite {
    /// qpictld's services (listeners, QPU links, the HTTP API, the periodic safety nets, the
    /// SIGHUP reloader) stop on SIGTERM as one group: every one of them returns, in order,
    /// and nothing is logged as an error on the way.
    @Suite struct ShutdownTests {
        @Test func sigtermStopsEveryServiceAndTheStoreCleanly() async throws {
            try await withCluster { cluster in
                let id = try await cluster.submit(Circuits.bell, ["--shots", "20"])
                #expect(try await cluster.waitForJob(id).state == .completed)
                let health = try await HTTPClient(cluster).get("/healthz")
                #expect(health.status == 200, "\(health)")
                cluster.signal(.controller, SIGHUP)
                _ = try await cluster.waitFor("qpictld to apply the SIGHUP", within: .seconds(20)) { () -> Bool? in
                    cluster.log(of: .controller).contains("configuration reloaded") ? true : nil
                }

                // The harness sends SIGTERM and waits 10 s before SIGKILL: a service that does not
                // return on shutdown shows as signal 9 here.
                let ended = cluster.stop(.controller)
                #expect(ended == .exited(0), "\(String(describing: ended))\n\(cluster.log(of: .controller))")

                let log = cluster.log(of: .controller)
                let lines = log.split(separator: "\n").map(String.init)
                let shuttingDown = lines.firstIndex { $0.contains("shutting down") }
                let stopped = lines.firstIndex { $0.contains("qpictld stopped") }
                #expect(lines.contains { $0.contains("received SIGTERM") }, "\(log)")
                #expect(shuttingDown != nil && stopped != nil && shuttingDown! < stopped!, "\(log)")
                let errors = lines.filter { $0.contains(" error ") || $0.contains(" critical ") }
                #expect(errors.isEmpty, "\(errors)")

                // The store was closed, not abandoned: a restart opens it and still knows the job.
                try cluster.start(.controller)
                try await cluster.waitUntilAnswering()
                #expect(try await cluster.waitForJob(id).state == .completed)
            }
        }
    }
}
