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
                try await Self.expectSame(cluster, ["qres", "list"], alice, "/api/reservations")
                try await Self.expectSame(
                    cluster, ["qres", "list", "--qpu", "sim0"], alice, "/api/reservations?qpu=sim0")
                try await Self.expectSame(cluster, ["qres", "show", String(slot)], alice, "/api/reservations/\(slot)")

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

        static func expectSame(_ printed: [String: Any], _ served: [String: Any], _ what: String) throws {
            #expect(
                NSDictionary(dictionary: printed).isEqual(to: served),
                "\(what) differ:\n\(Self.text(printed))\n\(Self.text(served))")
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
