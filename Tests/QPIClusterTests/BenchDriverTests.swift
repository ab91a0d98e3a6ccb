import Foundation
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// `make bench`'s load driver against real daemons.
    @Suite struct BenchDriverTests {
        struct EndToEndReport: Decodable {
            var jobs: Double
            var completed: Double
        }

        /// `qpi-bench e2e` learns that its jobs ended from listings, one request per look,
        /// not from a wait per job, which capped the rate it measured (issue 17, item 2).
        @Test func endToEndLearnsEndsWithoutARequestPerJob() async throws {
            try await withCluster { cluster in
                let script = try cluster.writeScript(Circuits.bell)
                let before = try await cluster.json(DiagReport.self, "qctl", ["diag", "--json", "--quiet"]).requests
                let run = try await cluster.run("qpi-bench", ["e2e", "--count", "40", "--clients", "2", script])
                #expect(run.succeeded, "\(run)")
                let report = try JSONDecoder().decode(EndToEndReport.self, from: Data(run.stdout.utf8))
                #expect(report.jobs == 40 && report.completed == 40, "\(run.stdout)")

                let after = try await cluster.json(DiagReport.self, "qctl", ["diag", "--json", "--quiet"]).requests
                func count(_ type: String, _ counts: RequestCounts) -> Int { counts.byType[type]?.count ?? 0 }
                #expect(count(SubmitRequest.type, after) - count(SubmitRequest.type, before) == 40)
                #expect(count(WaitJobRequest.type, after) == count(WaitJobRequest.type, before), "no wait per job")
                #expect(count(ListJobRowsRequest.type, after) > count(ListJobRowsRequest.type, before))
            }
        }
    }
}
