import Foundation
import QPICore
import QPITesting
import Testing

extension ClusterSuite {
    /// A resource is one JSON document wherever QPI shows it: a command's `--json` and the
    /// HTTP API's answer for the same thing decode to the same keys and values.
    @Suite struct JSONDocumentTests {
        @Test func everyResourceIsTheSameDocumentFromItsCommandAndTheAPI() async throws {
            try await withCluster(linkPorts: 6) { cluster in
                let root = HTTPClient(cluster, token: try await cluster.apiToken(name: "root-http"))
                let alice = root.with(token: try await cluster.apiToken(as: .alice, name: "alice-http"))
                let aliceName = TestUser.alice.name

                // Tokens: alice's, listed by root, so that no call here touches their last_used_at.
                let made = try await cluster.run(
                    "qctl", ["token", "create", "--name", "ci", "--user", aliceName, "--json"])
                let created = try Self.document(made.stdout, "qctl token create")
                let id = try #require((created["info"] as? [String: Any])?["id"] as? Int, "\(made)")
                let postedToken = try await alice.post("/api/tokens", ["name": "ci-http", "expires_in_seconds": 3_600])
                try Self.expectSameKeys(created, try Self.document(postedToken), "a created token")
                try await Self.expectSame(
                    cluster, ["qctl", "token", "list", "--user", aliceName], root, "/api/tokens?user=\(aliceName)")
                try await Self.expectSame(cluster, ["qctl", "token", "show", String(id)], root, "/api/tokens/\(id)")

                // Notifications: a broadcast and one for alice with an end; root sees all, alice hers.
                let note = try await cluster.run(
                    "qctl",
                    [
                        "notify", "create", "--title", "Maintenance", "--message", "sim0 down", "--level", "warning",
                        "--json",
                    ])
                let noteID = try #require(try Self.document(note.stdout, "qctl notify create")["id"] as? Int, "\(note)")
                _ = try await cluster.run(
                    "qctl",
                    [
                        "notify", "create", "--title", "For alice", "--message", "hi", "--user", aliceName, "--ends",
                        "now+2h",
                    ])
                try await Self.expectSame(
                    cluster, ["qctl", "notify", "list", "--all"], root, "/api/notifications?all=true")
                try await Self.expectSame(cluster, ["qctl", "notify", "list"], alice, "/api/notifications", as: .alice)
                let listed = try Self.document(try await root.get("/api/notifications?all=true"))
                let served = try #require((listed["items"] as? [[String: Any]])?.first { $0["id"] as? Int == noteID })
                try Self.expectSame(
                    try Self.document(note.stdout, "qctl notify create"), served, "a created notification")

                // Slots: one on sim0 for alice, one on every QPU.
                let slot = try await cluster.book(
                    ["--qpu", "sim0", "--start", "now+1h", "--duration", "30m", "--user", aliceName, "--name", "study"])
                _ = try await cluster.book(["--all", "--start", "now+3h", "--duration", "1h"])
                try await Self.expectSame(cluster, ["qres", "list"], alice, "/api/slots")
                try await Self.expectSame(
                    cluster, ["qres", "list", "--qpu", "sim0"], alice, "/api/slots?qpu=sim0")
                try await Self.expectSame(cluster, ["qres", "show", String(slot)], alice, "/api/slots/\(slot)")

                // QPUs: one declared, one registered (DOWN, as no node serves it), each way.
                let registered = try await cluster.run("qctl", ["qpu", "create", "remote0", "--qubits", "5", "--json"])
                let posted = try await root.post(
                    "/api/op/qpus/create", ["name": "remote1", "executor": "sim", "qubits": 5])
                try Self.expectSameKeys(
                    try Self.document(registered.stdout, "qctl qpu create"), try Self.document(posted), "a created QPU")
                try await Self.expectSame(cluster, ["qinfo"], root, "/api/qpus")

                // Accounting: one finished job of alice's, seen by everyone, by user and by herself.
                let job = try await cluster.submit(Circuits.one, ["--shots", "10"], as: .alice)
                #expect(try await cluster.waitForJob(job).state == .completed, cluster.logs)
                try await Self.expectSame(cluster, ["qacct", "-a"], root, "/api/accounting?all=true")
                try await Self.expectSame(
                    cluster, ["qacct", "-u", aliceName], root, "/api/accounting?user=\(aliceName)")
                try await Self.expectSame(cluster, ["qacct"], alice, "/api/accounting", as: .alice)

                // Jobs: the queue listing, finished ones included.
                try await Self.expectSame(
                    cluster, ["qstat", "-a", "-u", aliceName], root, "/api/jobs?user=\(aliceName)")
            }
        }

        /// The rest of the resources: a job with its history, a changed job, a QPU's
        /// telemetry, time requests and their decisions, and users' balances print what the
        /// matching route serves; start estimates and a rotated QPU token, which no route
        /// serves, have the keys `openapi.json` documents for them.
        @Test func historyTelemetryTimeRequestsAndUsersAreTheSameDocumentFromTheirCommandAndTheAPI() async throws {
            let files = try TemporaryDirectory(prefix: "qpi-calibration")
            let calibration = files.path(of: "calibration.json")
            try #"{"t1_q0": 5.2e-05}"#.write(toFile: calibration, atomically: true, encoding: .utf8)
            // One calibration event, sent with the executor's hello: the list then holds still.
            let mock = try PythonExecutors.command(
                "mock", ["--calibration-file", calibration, "--telemetry-interval", "1h"])
            let qpus = [ClusterQPU("sim0"), ClusterQPU("cal0", executor: "mock", executorCommand: mock)]
            try await withCluster(qpus: qpus, linkPorts: 6) { cluster in
                let root = HTTPClient(cluster, token: try await cluster.apiToken(name: "root-http"))
                let alice = root.with(token: try await cluster.apiToken(as: .alice, name: "alice-http"))
                let aliceName = TestUser.alice.name
                let schemas = try #require(
                    (try Self.document(try await root.get("/api/openapi.json"))["components"] as? [String: Any])?[
                        "schemas"] as? [String: Any])

                // A job and its history.
                let job = try await cluster.submit(Circuits.one, ["--shots", "10", "--qpu", "sim0"], as: .alice)
                #expect(try await cluster.waitForJob(job).state == .completed, cluster.logs)
                try await Self.expectSame(
                    cluster, ["qstat", "-j", String(job)], alice, "/api/jobs/\(job)/history", as: .alice)
                let history = try Self.document(try await alice.get("/api/jobs/\(job)/history"))
                let kinds = (history["events"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
                #expect(kinds?.first == "submitted" && kinds?.last == "completed", "\(history)")

                // A changed job, and the start estimates of the queue it waits in.
                let held = try await cluster.submit(Circuits.one, ["--hold", "--qpu", "sim0"], as: .alice)
                let changed = try await cluster.run(
                    "qctl", ["job", "update", String(held), "Name=renamed", "--json"], as: .alice)
                try Self.expectSame(
                    try Self.document(changed.stdout, "qctl job update"),
                    try Self.document(try await alice.get("/api/jobs/\(held)")), "qctl job update --json and the job")
                let estimates = try await cluster.run("qstat", ["--start", "--json"])
                let estimated = try #require(
                    try Self.document(estimates.stdout, "qstat --start")["items"] as? [[String: Any]], "\(estimates)")
                #expect(estimated.count == 1, "\(estimates)")
                for estimate in estimated {
                    try Self.expectDocumentedKeys(estimate, schemas, "StartEstimate")
                    try Self.expectSame(
                        try #require(estimate["job"] as? [String: Any]),
                        try Self.document(try await root.get("/api/jobs/\(held)")), "an estimate's job and the job")
                }

                // Telemetry.
                _ = try await cluster.waitFor("a calibration event", within: .seconds(60)) { () async throws -> Bool? in
                    try await alice.get("/api/qpus/cal0/telemetry").items.isEmpty ? nil : true
                }
                try await Self.expectSame(
                    cluster, ["qinfo", "-q", "cal0", "--telemetry"], alice, "/api/qpus/cal0/telemetry", as: .alice)

                // Time requests: filed, listed by their user and by an admin, decided.
                let filed = try await cluster.run(
                    "qres", ["request", "--seconds", "600", "--reason", "study", "--json"], as: .alice)
                let filedID = try #require(
                    try Self.document(filed.stdout, "qres request")["id"] as? Int, "\(filed)")
                let posted = try await alice.post("/api/time-requests", ["seconds": 60, "reason": "more"])
                try Self.expectSameKeys(
                    try Self.document(filed.stdout, "qres request"), try Self.document(posted), "a filed time request")
                try await Self.expectSame(cluster, ["qres", "requests"], alice, "/api/time-requests", as: .alice)
                let approved = try await cluster.run("qctl", ["request", "approve", String(filedID), "--json"])
                let decided = try await root.post(
                    "/api/time-requests/\(try #require(try Self.document(posted)["id"] as? Int))/decide",
                    ["approve": false, "note": "no"])
                try Self.expectSameKeys(
                    try Self.document(approved.stdout, "qctl request approve"), try Self.document(decided),
                    "a decided time request")
                try await Self.expectSame(
                    cluster, ["qres", "requests", "--all"], root, "/api/time-requests?all=true")
                let listedRequests = try Self.document(try await root.get("/api/time-requests?all=true"))
                try Self.expectSame(
                    try #require(
                        try Self.document(approved.stdout, "qctl request approve")["request"] as? [String: Any]),
                    try #require((listedRequests["items"] as? [[String: Any]])?.first { $0["id"] as? Int == filedID }),
                    "an approved request and its listing")

                // Users' balances, set and added to.
                let set = try await cluster.run("qctl", ["user", "set", aliceName, "qpu_seconds=3600", "--json"])
                let patched = try await root.patch("/api/admin/users/\(aliceName)", ["qpu_seconds": 3_600])
                try Self.expectSame(
                    try Self.document(set.stdout, "qctl user set"), try Self.document(patched), "qctl user set --json")
                let added = try await cluster.run("qctl", ["user", "add-seconds", aliceName, "60", "--json"])
                let listedUsers = try Self.document(try await root.get("/api/admin/users"))
                try Self.expectSame(
                    try Self.document(added.stdout, "qctl user add-seconds"),
                    try #require(
                        (listedUsers["items"] as? [[String: Any]])?.first { $0["user"] as? String == aliceName }),
                    "qctl user add-seconds --json and the users' listing")

                // A registered QPU's new token.
                _ = try await cluster.admin("qctl", ["qpu", "create", "remote0", "--qubits", "5"])
                let rotated = try await cluster.run("qctl", ["qpu", "rotate-token", "remote0", "--json"])
                try Self.expectDocumentedKeys(
                    try Self.document(rotated.stdout, "qctl qpu rotate-token"), schemas, "RotatedQPUToken")
            }
        }

        /// `document` has exactly the keys `openapi.json` requires of `schema`.
        static func expectDocumentedKeys(_ document: [String: Any], _ schemas: [String: Any], _ schema: String) throws {
            let required = try #require(
                (schemas[schema] as? [String: Any])?["required"] as? [String], "no schema \(schema)")
            #expect(Set(document.keys) == Set(required), "\(schema): \(Self.text(document))")
            try Self.expectRFC3339Times(document, schema)
        }

        /// Every time in `document`, nested ones too, is RFC 3339 text or null.
        static func expectRFC3339Times(_ document: [String: Any], _ what: String) throws {
            for (key, value) in document {
                if let nested = value as? [String: Any] { try Self.expectRFC3339Times(nested, what) }
                for item in value as? [[String: Any]] ?? [] { try Self.expectRFC3339Times(item, what) }
                guard Self.timeKeys.contains(key) || key.hasSuffix("_at") || key.hasSuffix("_time") else { continue }
                #expect(value is NSNull || HTTPClient.time(value) != nil, "\(what): \(key) is \(value)")
            }
        }

        static let timeKeys: Set<String> = ["start", "end", "time"]

        /// Runs `command --json` and GETs `path`, and expects one document.
        static func expectSame(
            _ cluster: ClusterHarness, _ command: [String], _ client: HTTPClient, _ path: String,
            as user: TestUser? = nil
        ) async throws {
            let printed = try await cluster.run(command[0], Array(command.dropFirst()) + ["--json"], as: user)
            #expect(printed.succeeded, "\(printed)")
            let served = try await client.get(path)
            #expect(served.status == 200, "\(served)")
            try Self.expectSame(
                try Self.document(printed.stdout, command.joined(separator: " ")), try Self.document(served),
                "\(command.joined(separator: " ")) --json and GET \(path)")
        }

        /// Compared as key-sorted JSON text: Foundation's dictionaries may hold the same
        /// boolean as a Bool or as an NSNumber, which `isEqual` tells apart.
        static func expectSame(_ printed: [String: Any], _ served: [String: Any], _ what: String) throws {
            try Self.expectRFC3339Times(printed, what)
            #expect(
                Self.text(printed) == Self.text(served), "\(what) differ:\n\(Self.text(printed))\n\(Self.text(served))")
        }

        /// Created documents hold different secrets and times, so only their keys are compared.
        static func expectSameKeys(_ printed: [String: Any], _ served: [String: Any], _ what: String) throws {
            func keys(_ object: [String: Any], _ prefix: String = "") -> Set<String> {
                var all: Set<String> = []
                for (key, value) in object {
                    all.insert(prefix + key)
                    if let nested = value as? [String: Any] { all.formUnion(keys(nested, prefix + key + ".")) }
                }
                return all
            }
            #expect(
                keys(printed) == keys(served), "\(what) differ:\n\(Self.text(printed))\n\(Self.text(served))")
            try Self.expectRFC3339Times(printed, what)
            try Self.expectRFC3339Times(served, what)
        }

        static func document(_ text: String, _ command: String) throws -> [String: Any] {
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                throw HarnessError("\(command) printed no JSON object: \(text)")
            }
            return object
        }

        static func document(_ reply: HTTPClient.Reply) throws -> [String: Any] {
            guard (200..<300).contains(reply.status) else { throw HarnessError("\(reply)") }
            return try Self.document(reply.text, "the API")
        }

        static func text(_ object: [String: Any]) -> String {
            guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
                return "\(object)"
            }
            return String(decoding: data, as: UTF8.self)
        }
    }
}
