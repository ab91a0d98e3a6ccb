import Foundation
import QPICore
import QPITesting
import Testing

extension ClusterSuite {
    /// An attacker's requests against a real qpictld (issue 18): each test sends what the
    /// attack sends and checks that the controller refuses it, or stays bounded.
    @Suite struct HTTPHardeningTests {
        /// `count` logins sent at once; their statuses.
        static func loginsAtOnce(_ client: HTTPClient, user: String, password: String, count: Int) async throws
            -> [Int]
        {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<count {
                    group.addTask {
                        try await client.post("/api/auth/login", ["username": user, "password": password]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }

        @Test func loginBodiesAndUserNamesAreCapped() async throws {
            try await withCluster { cluster in
                let anonymous = HTTPClient(cluster)
                let huge = try await anonymous.post(
                    "/api/auth/login", ["username": "root", "password": String(repeating: "p", count: 1 << 20)])
                #expect(huge.status == 413 && huge.errorCode == "too_large", "\(huge)")
                let longName = try await anonymous.post(
                    "/api/auth/login", ["username": String(repeating: "u", count: 1_000), "password": "whatever1"])
                #expect(longName.status == 422 && longName.errorField == "username", "\(longName)")
            }
        }

        @Test func parallelGuessesStopAtTheLimitAndUnknownNamesCostAHash() async throws {
            try await withCluster { cluster in
                let root = HTTPClient(cluster, token: try await cluster.apiToken())
                let anonymous = HTTPClient(cluster)
                let bob = TestUser.bob.name
                #expect(try await root.patch("/api/admin/users/\(bob)", ["password": "correct horse"]).status == 200)

                // Guesses sent together must not all pass the check before the first is counted.
                let statuses = try await Self.loginsAtOnce(anonymous, user: bob, password: "wrong guess", count: 16)
                let guessed = statuses.filter { $0 == 401 }.count
                #expect(guessed <= 5, "\(guessed) guesses were checked: \(statuses)")
                #expect(statuses.allSatisfy { [401, 429, 503].contains($0) }, "\(statuses)")

                // An unknown name takes as long as a wrong password: the answer's timing
                // must not tell which names have passwords.
                func seconds(_ user: String) async throws -> Double {
                    let start = ContinuousClock.now
                    let reply = try await anonymous.post(
                        "/api/auth/login", ["username": user, "password": "nope nope"])
                    #expect(reply.status == 401, "\(reply)")
                    return (ContinuousClock.now - start).totalSeconds
                }
                let alice = TestUser.alice.name
                #expect(try await root.patch("/api/admin/users/\(alice)", ["password": "correct horse"]).status == 200)
                var known: [Double] = []
                var unknown: [Double] = []
                for round in 0..<3 {
                    known.append(try await seconds(alice))
                    unknown.append(try await seconds("nobody\(round)"))
                }
                let knownMedian = known.sorted()[1]
                let unknownMedian = unknown.sorted()[1]
                #expect(unknownMedian > knownMedian / 3, "unknown \(unknown) against known \(known)")

                // One address trying many names is stopped too.
                var refusal: HTTPClient.Reply?
                for round in 0..<40 {
                    let reply = try await anonymous.post(
                        "/api/auth/login", ["username": "guess\(round)", "password": "nope nope"])
                    if reply.status == 429 {
                        refusal = reply
                        break
                    }
                }
                let refused = try #require(refusal, "40 names from one address were all tried")
                #expect(refused.errorCode == "rate_limited" && refused.headers["retry-after"] != nil, "\(refused)")
            }
        }

        @Test func aCircuitTooBigToCheckIsRefusedBeforeItIsExpanded() async throws {
            try await withCluster { cluster in
                let alice = HTTPClient(cluster, token: try await cluster.apiToken(as: .alice))
                // Each definition applies the one before it four times: 4^10 ≈ 1 M instructions.
                var bomb = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ngate g0 a { x a; }\n"
                for level in 1...10 {
                    let inner = "g\(level - 1) a;"
                    bomb += "gate g\(level) a { \(inner) \(inner) \(inner) \(inner) }\n"
                }
                bomb += "g10 q[0];\n"
                let start = ContinuousClock.now
                let reply = try await alice.post("/api/jobs", ["circuits": [["circuit": bomb]], "hold": true])
                #expect(reply.status == 413 && reply.errorCode == "too_large", "\(reply)")
                #expect(reply.errorField == "circuits", "\(reply)")
                #expect(ContinuousClock.now - start < .seconds(5))

                let many = Array(repeating: ["circuit": Circuits.one], count: 1_001)
                let tooMany = try await alice.post("/api/jobs", ["circuits": many, "hold": true])
                #expect(tooMany.status == 413 && tooMany.errorField == "circuits", "\(tooMany)")

                let fine = try await alice.post("/api/jobs", ["circuits": [["circuit": Circuits.bell]], "hold": true])
                #expect(fine.status == 201, "\(fine)")
            }
        }

        @Test func loginTokensCannotOutliveTheirSession() async throws {
            try await withCluster { cluster in
                let root = HTTPClient(cluster, token: try await cluster.apiToken())
                let anonymous = HTTPClient(cluster)
                let alice = TestUser.alice.name
                #expect(try await root.patch("/api/admin/users/\(alice)", ["password": "correct horse"]).status == 200)
                let login = try await anonymous.post(
                    "/api/auth/login", ["username": alice, "password": "correct horse"])
                let session = anonymous.with(token: try #require(login.json["token"] as? String, "\(login)"))
                let expiresAt = try #require(login.json["expires_at"] as? String, "\(login)")
                let own = try #require(
                    try await session.get("/api/tokens").items.first { $0["name"] as? String == "login" }?["id"]
                        as? Int)

                // A session made with a password may not make itself, or anything else, outlast it.
                let forever = try await session.patch("/api/tokens/\(own)", ["never_expires": true])
                #expect(forever.status == 403, "a login token cleared its own expiry: \(forever)")
                let later = try await session.patch("/api/tokens/\(own)", ["expires_in_seconds": 86_400 * 365])
                #expect(later.status == 403, "a login token moved its own expiry: \(later)")
                let minted = try await session.post("/api/tokens", ["name": "forever"])
                #expect(minted.status == 403, "a login token made a token without expiry: \(minted)")
                let short = try await session.post("/api/tokens", ["name": "short", "expires_in_seconds": 60])
                #expect(short.status == 403, "\(short)")
                let renamed = try await session.patch("/api/tokens/\(own)", ["name": "laptop"])
                #expect(renamed.status == 403, "a renamed session would no longer be known as one: \(renamed)")
                let listed = try await session.get("/api/tokens").items.first { $0["id"] as? Int == own }
                #expect(listed?["expires_at"] as? String == expiresAt, "\(String(describing: listed))")

                // An event stream ends when its token is revoked.
                let port = cluster.serverPort
                let (connected, announce) = AsyncStream<Void>.makeStream()
                let token = session.token
                let streaming = Task {
                    defer { announce.finish() }
                    return try await EventStreamReader.read(
                        port: port, path: "/api/events", token: token, for: .seconds(40),
                        connected: { announce.yield() }, until: { $0.contains("event: error") })
                }
                var notifications = connected.makeAsyncIterator()
                _ = await notifications.next()
                let started = ContinuousClock.now

                // A new password ends the sessions of the old one.
                let changed = try await root.patch("/api/admin/users/\(alice)", ["password": "battery staple"])
                #expect(changed.status == 200, "\(changed)")
                let stale = try await session.get("/api/me")
                #expect(stale.status == 401, "the login token outlived the password: \(stale)")
                let streamed = try await streaming.value
                #expect(streamed.text.contains("event: error"), "the event stream outlived its token: \(streamed.text)")
                #expect(ContinuousClock.now - started < .seconds(30))
            }
        }
    }
}
