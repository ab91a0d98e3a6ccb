import Foundation
import QPICore
import QPITesting
import Testing

extension ClusterSuite {
    /// `GET /metrics` on a real qpictld: Prometheus' text format, whose counters follow
    /// the jobs run through the cluster.
    @Suite struct HTTPMetricsTests {
        @Test func aScrapeCountsTheJobsRunAndTheirQPUTime() async throws {
            try await withCluster { cluster in
                let alice = TestUser.alice
                let first = try await cluster.submit(Circuits.bell, ["--shots", "100"], as: alice)
                let second = try await cluster.submit(Circuits.bell, ["--shots", "100"], as: alice)
                for id in [first, second] {
                    let job = try await cluster.waitForJob(id, within: .seconds(60))
                    #expect(job.state == .completed, "\(job)")
                }

                let scrape = try await HTTPClient(cluster).get("/metrics")
                #expect(scrape.status == 200, "\(scrape)")
                #expect(
                    scrape.headers.first { $0.key.lowercased() == "content-type" }?.value.hasPrefix("text/plain")
                        == true)
                let series = try PrometheusText.parse(scrape.text)
                #expect(series["qpi_jobs_submitted_total"] == 2, "\(scrape.text)")
                #expect(series[#"qpi_jobs_ended_total{state="COMPLETED"}"#] == 2)
                #expect(series["qpi_queue_length"] == 0)
                #expect((series[#"qpi_qpu_busy_seconds_total{qpu="sim0"}"#] ?? 0) > 0)
                #expect((series[#"qpi_user_qpu_seconds_total{user="\#(alice.name)"}"#] ?? 0) > 0)
                #expect((series["qpi_dispatch_ack_seconds_count"] ?? 0) >= 2)
            }
        }

        @Test func privateMetricsNeedAToken() async throws {
            try await withCluster(settings: ["PrivateMetrics": "yes"]) { cluster in
                let anonymous = HTTPClient(cluster)
                let refused = try await anonymous.get("/metrics")
                #expect(refused.status == 401, "\(refused)")
                let alice = anonymous.with(token: try await cluster.apiToken(as: .alice))
                let scrape = try await alice.get("/metrics")
                #expect(scrape.status == 200 && scrape.text.contains("qpi_jobs_submitted_total"), "\(scrape)")
            }
        }
    }
}
