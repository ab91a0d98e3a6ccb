import Foundation
import QPICore
import QPIDocuments
import QPITesting
import Testing

extension ClusterSuite {
    /// Login, the caller's account, balances, tokens, slots, time requests and the event
    /// stream over HTTP, each checked against what the commands see.
    @Suite struct HTTPAccountTests {
        /// `qctl user passwd USER` as root with `stdin` as its standard input.
        static func qctlPasswd(_ cluster: ClusterHarness, user: String, stdin: String) throws -> (
            status: Int32, output: String
        ) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "\(cluster.binDirectory)/qctl")
            process.arguments = ["user", "passwd", user, "--conf", cluster.configPath]
            process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("QPI_") }
            let input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            try process.run()
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }

        @Test func passwordLoginGivesAShortLivedTokenAndIsRateLimited() async throws {
            try await withCluster { cluster in
                let root = HTTPClient(cluster, token: try await cluster.apiToken())
                let alice = TestUser.alice.name
                let anonymous = HTTPClient(cluster)

                let noPassword = try await anonymous.post(
                    "/api/auth/login", ["username": alice, "password": "whatever1"])
                #expect(noPassword.status == 401, "\(noPassword)")
                let short = try await root.patch("/api/admin/users/\(alice)", ["password": "short"])
                #expect(short.status == 422 && short.errorField == "password", "\(short)")
                #expect(try await root.patch("/api/admin/users/\(alice)", ["password": "correct horse"]).status == 200)

                let login = try await anonymous.post(
                    "/api/auth/login", ["username": alice, "password": "correct horse"])
                #expect(login.status == 200, "\(login)")
                let token = try #require(login.json["token"] as? String)
                let expiresAt = try #require(login.time("expires_at"), "\(login)")
                #expect(expiresAt > Date().timeIntervalSince1970 && expiresAt < Date().timeIntervalSince1970 + 86_400)
                #expect(login.json["is_admin"] as? Bool == false)
                let me = try await anonymous.with(token: token).get("/api/me")
                #expect(me.json["user"] as? String == alice && me.json["is_admin"] as? Bool == false, "\(me)")

                // qctl user passwd reads the password from stdin; here it replaces the first one.
                let passwd = try Self.qctlPasswd(cluster, user: alice, stdin: "battery staple\n")
                #expect(passwd.status == 0 && passwd.output.contains("Password set for \(alice)"), "\(passwd)")
                let empty = try Self.qctlPasswd(cluster, user: alice, stdin: "")
                #expect(empty.status != 0 && empty.output.contains("no password on standard input"), "\(empty)")
                let refusedForBob = try await cluster.run("qctl", ["user", "passwd", alice], as: .bob)
                #expect(!refusedForBob.succeeded)
                #expect(
                    try await anonymous.post("/api/auth/login", ["username": alice, "password": "correct horse"]).status
                        == 401)
                #expect(
                    try await anonymous.post("/api/auth/login", ["username": alice, "password": "battery staple"])
                        .status == 200)

                for _ in 0..<5 {
                    let wrong = try await anonymous.post(
                        "/api/auth/login", ["username": alice, "password": "wrong guess"])
                    #expect(wrong.status == 401 && wrong.errorCode == "unauthenticated", "\(wrong)")
                }
                let limited = try await anonymous.post(
                    "/api/auth/login", ["username": alice, "password": "battery staple"])
                #expect(limited.status == 429 && limited.errorCode == "rate_limited", "\(limited)")
                #expect(limited.headers["retry-after"] != nil)
                let malformed = try await anonymous.post("/api/auth/login", ["username": alice])
                #expect(malformed.status == 422 && malformed.errorField == "password", "\(malformed)")
            }
        }

        @Test func passwordLoginIsRefusedWhenDisabled() async throws {
            try await withCluster(settings: ["DisableEmailPasswordAuth": "true"]) { cluster in
                let root = HTTPClient(cluster, token: try await cluster.apiToken())
                #expect(try await root.patch("/api/admin/users/root", ["password": "long enough"]).status == 200)
                let login = try await HTTPClient(cluster).post(
                    "/api/auth/login", ["username": "root", "password": "long enough"])
                #expect(login.status == 403 && login.text.contains("DisableEmailPasswordAuth"), "\(login)")
                #expect(try await root.get("/api/me").status == 200, "API tokens still work")
            }
        }

        @Test func balancesSlotsAndTimeRequestsGoThroughTheSameRules() async throws {
            try await withCluster { cluster in
                let root = HTTPClient(cluster, token: try await cluster.apiToken())
                let alice = root.with(token: try await cluster.apiToken(as: .alice))
                let bob = root.with(token: try await cluster.apiToken(as: .bob))
                let name = TestUser.alice.name

                let set = try await root.patch("/api/admin/users/\(name)", ["qpu_seconds": 120])
                #expect(set.status == 200 && set.json["balance"] as? Double == 120, "\(set)")
                #expect(try await alice.get("/api/me").json["balance"] as? Double == 120)
                let negative = try await root.patch("/api/admin/users/\(name)", ["qpu_seconds": -5])
                #expect(negative.status == 422 && negative.errorField == "qpu_seconds", "\(negative)")
                let unlimited = try await root.patch("/api/admin/users/\(name)", ["qpu_seconds": NSNull()])
                #expect(unlimited.status == 200 && unlimited.json["balance"] is NSNull, "\(unlimited)")
                let users = try await root.get("/api/admin/users")
                #expect(users.items.contains { $0["user"] as? String == name }, "\(users)")

                let filed = try await alice.post("/api/time-requests", ["seconds": 300, "reason": "thesis runs"])
                #expect(filed.status == 201 && filed.json["state"] as? String == "PENDING", "\(filed)")
                let id = try #require(filed.json["id"] as? Int)
                #expect(try await bob.get("/api/time-requests").items.isEmpty, "bob sees only his own")
                #expect(try await root.get("/api/time-requests?all=true").items.count == 1)
                #expect(try await root.patch("/api/admin/users/\(name)", ["qpu_seconds": 10]).status == 200)
                let decided = try await root.post("/api/time-requests/\(id)/decide", ["approve": true, "note": "ok"])
                #expect(decided.status == 200 && decided.json["balance"] as? Double == 310, "\(decided)")
                let twice = try await root.post("/api/time-requests/\(id)/decide", ["approve": false])
                #expect(twice.status == 409, "\(twice)")
                let viaCommand = try await cluster.run("qacct", ["--json"], as: .alice)
                #expect(viaCommand.succeeded && viaCommand.stdout.contains("310"), "\(viaCommand)")

                let now = Date().timeIntervalSince1970
                // Times go in as the documents write them, RFC 3339, or as seconds since the epoch.
                let start = Date(timeIntervalSince1970: now + 3_600)
                let booked = try await alice.post(
                    "/api/slots",
                    [
                        "qpu": "sim0", "start": RFC3339.string(from: start),
                        "end": "\(RFC3339.string(from: start + 7_200).dropLast())+01:00", "name": "calib",
                    ])
                #expect(booked.status == 201, "\(booked)")
                #expect(booked.json["start"] as? String == RFC3339.string(from: start), "\(booked)")
                #expect(abs((booked.time("end") ?? 0) - (now + 7_200)) < 0.001, "\(booked)")
                let slot = try #require(booked.json["id"] as? Int)
                let overlap = try await bob.post(
                    "/api/slots", ["qpu": "sim0", "start": now + 3_700, "end": now + 3_800])
                #expect(overlap.status == 409, "\(overlap)")
                let forAlice = try await bob.post(
                    "/api/slots", ["qpu": "sim0", "start": now + 9_000, "end": now + 9_600, "user": name])
                #expect(forAlice.status == 403, "\(forAlice)")
                let inverted = try await alice.post(
                    "/api/slots", ["qpu": "sim0", "start": now + 900, "end": now + 800])
                #expect(inverted.status == 422, "\(inverted)")
                #expect(try await bob.get("/api/slots").items.count == 1)
                #expect(try await bob.get("/api/slots/\(slot)").json["name"] as? String == "calib")
                #expect(try await bob.delete("/api/slots/\(slot)").status == 403)
                let qres = try await cluster.run("qres", ["list"], as: .bob)
                #expect(qres.succeeded && qres.stdout.contains("calib"), "\(qres)")
                #expect(try await alice.delete("/api/slots/\(slot)").status == 200)
                #expect(try await alice.get("/api/slots/\(slot)").status == 404)
            }
        }

        @Test func tokensAndOperatorRoutes() async throws {
            try await withCluster(linkPorts: 8) { cluster in
                let root = HTTPClient(cluster, token: try await cluster.apiToken())
                let alice = root.with(token: try await cluster.apiToken(as: .alice, name: "cli"))

                let created = try await alice.post("/api/tokens", ["name": "notebook", "expires_in_seconds": 3_600])
                #expect(created.status == 201, "\(created)")
                let id = try #require((created.json["info"] as? [String: Any])?["id"] as? Int)
                let listed = try await alice.get("/api/tokens")
                #expect(Set(listed.items.compactMap { $0["name"] as? String }) == ["cli", "notebook"], "\(listed)")
                #expect(!listed.text.contains(created.json["token"] as? String ?? "-"), "secrets are shown once")
                let renamed = try await alice.patch("/api/tokens/\(id)", ["name": "lab", "never_expires": true])
                #expect(renamed.json["name"] as? String == "lab" && renamed.json["expires_at"] is NSNull, "\(renamed)")
                let badExpiry = try await alice.patch("/api/tokens/\(id)", ["expires_in_seconds": -1])
                #expect(badExpiry.status == 422, "\(badExpiry)")
                let viaCommand = try await cluster.run("qctl", ["token", "list"], as: .alice)
                #expect(viaCommand.stdout.contains("lab"), "\(viaCommand)")

                let version = try await root.get("/api/op/version")
                #expect(version.json["version"] as? String == QPIVersion.current)
                let disabled = try await root.post("/api/op/qpu/toggle", ["name": "sim0"])
                #expect(disabled.json["state"] as? String == "DISABLED", "\(disabled)")
                #expect(try await HTTPClient(cluster).get("/api/qpus/sim0").json["state"] as? String == "DISABLED")
                let enabled = try await root.post("/api/op/qpu/toggle", ["name": "sim0", "enabled": true])
                #expect(enabled.json["state"] as? String != "DISABLED", "\(enabled)")
                #expect(try await root.post("/api/op/qpu/toggle", ["name": "nope"]).status == 404)

                let duplicate = try await root.post(
                    "/api/op/qpus/create", ["name": "sim0", "executor": "sim", "qubits": 2])
                #expect(duplicate.status == 409 || duplicate.status == 422, "\(duplicate)")
                let badQubits = try await root.post(
                    "/api/op/qpus/create", ["name": "x", "executor": "sim", "qubits": "two"])
                #expect(badQubits.status == 422 && badQubits.errorField == "qubits", "\(badQubits)")
                // The address goes into shell lines: one the shell would split or expand is refused.
                let badController = try await root.post(
                    "/api/op/qpus/create", ["name": "x", "executor": "sim", "qubits": 2, "controller": "h:1;reboot"])
                #expect(badController.status == 422 && badController.errorField == "controller", "\(badController)")
            }
        }

        @Test func eventStreamReportsJobChanges() async throws {
            try await withCluster { cluster in
                let alice = HTTPClient(cluster, token: try await cluster.apiToken(as: .alice))
                let port = cluster.serverPort
                let token = alice.token
                let (connected, announce) = AsyncStream<Void>.makeStream()
                let reading = Task {
                    defer { announce.finish() }
                    return try await EventStreamReader.read(
                        port: port, path: "/api/events", token: token, for: .seconds(60),
                        connected: { announce.yield() }
                    ) { text in
                        text.contains("\"state\":\"COMPLETED\"")
                    }
                }
                // The job must change state only once the stream is open (or the reader gave
                // up, which its result below reports).
                var notifications = connected.makeAsyncIterator()
                _ = await notifications.next()
                let submitted = try await alice.post(
                    "/api/jobs", ["circuits": [["circuit": Circuits.one]], "shots": 3])
                let id = try #require(submitted.json["id"] as? Int)
                let (status, text) = try await reading.value
                #expect(status == 200, "\(text)")
                #expect(
                    text.contains("content-type: text/event-stream") || text.contains("Content-Type: text/event-stream")
                )
                #expect(text.contains("event: job\ndata: {"), "\(text)")
                #expect(text.contains("\"id\":\(id)") && text.contains("\"state\":\"COMPLETED\""), "\(text)")
            }
        }
    }
}
