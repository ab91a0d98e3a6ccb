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
    }
}
