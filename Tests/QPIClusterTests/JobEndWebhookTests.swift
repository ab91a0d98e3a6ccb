import Foundation
import QPICore
import QPITesting
import Testing

extension ClusterSuite {
    /// `qsub --notify-url`: an ended job's document posted to an allowed host, retried with
    /// backoff, never followed elsewhere, and its fate shown by `qstat -j` (issue 21, item 7).
    @Suite struct JobEndWebhookTests {
        /// The receiver (`Tests/WebhookReceiver/receiver.py`) and a cluster that allows its host and port.
        static func withReceiverAndCluster(_ body: (String, ClusterHarness) async throws -> Void) async throws {
            let script = PythonExecutors.repositoryRoot.appendingPathComponent("Tests/WebhookReceiver/receiver.py").path
            let receiver = try await TestService(try PythonExecutors.interpreter(), [script])
            defer { receiver.stop() }
            let allowed = receiver.address.replacingOccurrences(of: "http://", with: "")
            do {
                try await withCluster(settings: ["NotifyAllowedHosts": "hooks.lab.example,\(allowed)"]) { cluster in
                    try await body(receiver.address, cluster)
                }
            } catch {
                throw HarnessError("\(error)\nreceiver output:\n\(receiver.output.suffix(3_000))")
            }
        }

        struct Received: Decodable {
            var path: String
            var jobId: String?
            var body: String
            var answer: Int?
        }

        static func received(_ receiver: String) async throws -> [Received] {
            let reply = try await HTTPClient(baseURL: receiver).get("/received")
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode([Received].self, from: reply.body)
        }

        /// `qstat -j`'s NotifyStatus once it starts with `prefix`, waiting up to a minute
        /// (the last retry comes 15 s after the first attempt).
        static func notifyStatus(_ cluster: ClusterHarness, _ job: JobID, startingWith prefix: String) async throws
            -> String
        {
            let deadline = ContinuousClock.now + .seconds(60)
            var last = ""
            while ContinuousClock.now < deadline {
                let shown = try await cluster.run("qstat", ["-j", String(job)])
                last = shown.stdout.split(separator: "\n").first { $0.contains("NotifyStatus=") }.map(String.init) ?? ""
                if let range = last.range(of: "NotifyStatus="), last[range.upperBound...].hasPrefix(prefix) {
                    return String(last[range.upperBound...])
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            throw HarnessError("job \(job)'s NotifyStatus did not start with '\(prefix)' within 60 s: \(last)")
        }

        @Test func anEndedJobsDocumentIsPostedAndRetriedButNeverRedirected() async throws {
            try await Self.withReceiverAndCluster { receiver, cluster in
                let delivered = try await cluster.submit(Circuits.bell, ["--notify-url", "\(receiver)/ok"], as: .alice)
                let flaky = try await cluster.submit(Circuits.bell, ["--notify-url", "\(receiver)/flaky"], as: .alice)
                let script = "// QPI --notify-url=\(receiver)/redirect\n" + Circuits.one
                let redirected = try await cluster.submit(script, [], as: .alice)
                let down = try await cluster.submit(Circuits.one, ["--notify-url", "\(receiver)/down"], as: .bob)
                for job in [delivered, flaky, redirected, down] {
                    #expect(try await cluster.waitForJob(job).state == .completed)
                }

                #expect(
                    try await Self.notifyStatus(cluster, delivered, startingWith: "delivered")
                        == "delivered (HTTP 204, attempt 1 of 5)")
                #expect(
                    try await Self.notifyStatus(cluster, flaky, startingWith: "delivered")
                        == "delivered (HTTP 200, attempt 3 of 5)")
                #expect(
                    try await Self.notifyStatus(cluster, redirected, startingWith: "failed")
                        == "failed: HTTP 302: redirects are not followed (attempt 1 of 5)")
                #expect(
                    try await Self.notifyStatus(cluster, down, startingWith: "failed")
                        == "failed: HTTP 503 (attempt 5 of 5)")

                let posts = try await Self.received(receiver)
                // Exactly one post reached /ok: the redirect to it was not followed.
                let ok = posts.filter { $0.path == "/ok" }
                try #require(ok.count == 1, "\(posts.map(\.path))")
                #expect(ok[0].jobId == String(delivered))
                let document = try #require(
                    try JSONSerialization.jsonObject(with: Data(ok[0].body.utf8)) as? [String: Any])
                #expect(document["id"] as? Int == Int(delivered) && document["state"] as? String == "COMPLETED")
                #expect(document["notify_url"] as? String == "\(receiver)/ok" && document["qpu_seconds"] != nil)
                #expect(
                    posts.filter { $0.path == "/flaky" }.count == 3 && posts.filter { $0.path == "/down" }.count == 5)

                // The API shows the same, and takes notify_url on POST /api/jobs too.
                let http = HTTPClient(cluster, token: try await cluster.apiToken(as: .alice))
                let shown = try await http.get("/api/jobs/\(delivered)")
                #expect(shown.json["notify_status"] as? String == "delivered (HTTP 204, attempt 1 of 5)", "\(shown)")
                let posted = try await http.post(
                    "/api/jobs", ["circuits": [["circuit": Circuits.one]], "notify_url": "http://elsewhere.example/x"])
                #expect(posted.status == 422 && posted.errorField == "notify_url", "\(posted)")
                #expect(posted.text.contains("not in NotifyAllowedHosts"), "\(posted)")
            }
        }

        /// A controller killed between a webhook's retries posts the document again when it
        /// comes back: a stop loses no delivery.
        @Test func aDeliveryCutShortByAControllerCrashIsResumedAfterRestart() async throws {
            try await Self.withReceiverAndCluster { receiver, cluster in
                let job = try await cluster.submit(Circuits.one, ["--notify-url", "\(receiver)/later"], as: .alice)
                #expect(try await cluster.waitForJob(job).state == .completed)
                // The first attempt was refused and recorded: the delivery is between retries.
                _ = try await Self.notifyStatus(cluster, job, startingWith: "retrying")
                cluster.kill(.controller)
                _ = try await HTTPClient(baseURL: receiver).post("/open", [String: String]())
                try cluster.start(.controller)

                #expect(
                    try await Self.notifyStatus(cluster, job, startingWith: "delivered").hasPrefix(
                        "delivered (HTTP 204"))
                let attempts = try await Self.received(receiver).filter { $0.path == "/later" }
                #expect(attempts.first?.answer == 503 && attempts.last?.answer == 204, "\(attempts.map(\.answer))")
                #expect(attempts.allSatisfy { $0.jobId == String(job) })
            }
        }

        @Test func urlsThatAreBadOrOnOtherHostsAreRefusedAtSubmission() async throws {
            try await Self.withReceiverAndCluster { receiver, cluster in
                let path = try cluster.writeScript(Circuits.one)
                let port = receiver.split(separator: ":").last.map(String.init) ?? ""
                for (url, message) in [
                    ("http://localhost:\(port)/ok", "host localhost:\(port) is not in NotifyAllowedHosts"),
                    ("http://127.0.0.1:1/ok", "host 127.0.0.1:1 is not in NotifyAllowedHosts"),
                    ("https://hooks.lab.example.evil.example/x", "is not in NotifyAllowedHosts"),
                    ("ftp://hooks.lab.example/x", "expected an http:// or https:// URL"),
                    ("https://user:pw@hooks.lab.example/x", "user:password@"),
                ] {
                    let refused = try await cluster.run("qsub", ["--notify-url", url, path], as: .alice)
                    #expect(!refused.succeeded && refused.stderr.contains(message), "\(url): \(refused)")
                }
                let accepted = try await cluster.run(
                    "qsub", ["--notify-url", "https://HOOKS.lab.example/x", "--hold", path])
                #expect(accepted.succeeded, "\(accepted)")
            }
            try await withCluster { cluster in
                let path = try cluster.writeScript(Circuits.one)
                let off = try await cluster.run("qsub", ["--notify-url", "http://127.0.0.1:8/x", path])
                #expect(!off.succeeded && off.stderr.contains("NotifyAllowedHosts lists no hosts"), "\(off)")
            }
        }
    }
}
