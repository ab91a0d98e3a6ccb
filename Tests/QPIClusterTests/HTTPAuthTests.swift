import Foundation
import QPICore
import QPITesting
import Testing

extension ClusterSuite {
    /// Every route with every kind of caller: anonymous, a user, another user, a superuser
    /// and a QPU token. Statuses only: what each route does is tested elsewhere.
    @Suite struct HTTPAuthTests {
        /// The header fields of a raw response, lower-cased.
        static func headers(of text: String) -> [String: String] {
            var headers: [String: String] = [:]
            for line in text.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n").dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                    in: .whitespaces)
            }
            return headers
        }

        enum Level { case anonymous, user, superuser }

        /// Each served route with a request that passes its validation, and who may call it.
        static var routes: [(method: String, path: String, body: Any?, level: Level)] {
            [
                ("GET", "/healthz", nil, .anonymous),
                ("GET", "/api/openapi.json", nil, .anonymous),
                ("GET", "/api/qpus", nil, .anonymous),
                ("GET", "/api/qpus/sim0", nil, .anonymous),
                ("POST", "/api/jobs", ["circuits": [["circuit": Circuits.one]], "hold": true], .user),
                ("GET", "/api/jobs", nil, .user),
                ("GET", "/api/jobs/{job}", nil, .user),
                ("GET", "/api/events", nil, .user),
                ("GET", "/api/me", nil, .user),
                ("GET", "/api/tokens", nil, .user),
                ("POST", "/api/tokens", ["name": "matrix"], .user),
                ("GET", "/api/slots", nil, .user),
                ("GET", "/api/time-requests", nil, .user),
                ("POST", "/api/time-requests", ["seconds": 60, "reason": "matrix"], .user),
                ("GET", "/api/op/version", nil, .superuser),
                ("GET", "/api/admin/users", nil, .superuser),
                ("PATCH", "/api/admin/users/root", ["qpu_seconds": 1_000], .superuser),
                ("POST", "/api/op/qpu/toggle", ["name": "sim0", "enabled": true], .superuser),
                ("POST", "/api/op/qpus/create", ["name": "lab{n}", "executor": "sim", "qubits": 4], .superuser),
                ("POST", "/api/time-requests/{request}/decide", ["approve": false], .superuser),
            ]
        }

        @Test func everyRouteRefusesWhoMayNotCallIt() async throws {
            try await withCluster(linkPorts: 12) { cluster in
                let anonymous = HTTPClient(cluster)
                let alice = anonymous.with(token: try await cluster.apiToken(as: .alice))
                let bob = anonymous.with(token: try await cluster.apiToken(as: .bob))
                let root = anonymous.with(token: try await cluster.apiToken())
                let created = try await root.post(
                    "/api/op/qpus/create", ["name": "remote", "executor": "sim", "qubits": 2])
                #expect(created.status == 201, "\(created)")
                let qpuToken = try #require(created.json["token"] as? String)
                let fingerprint = created.json["ca_fingerprint"] as? String ?? ""
                #expect(fingerprint.count >= 64, "\(created)")
                let node = anonymous.with(token: qpuToken)

                let job = try await cluster.submit(Circuits.one, ["--hold"], as: .alice)
                let request = try #require(
                    try await alice.post("/api/time-requests", ["seconds": 10, "reason": "r"]).json["id"] as? Int)
                var qpuCount = 0
                for route in Self.routes {
                    func path() -> String {
                        qpuCount += 1
                        return route.path.replacingOccurrences(of: "{job}", with: String(job))
                            .replacingOccurrences(of: "{request}", with: String(request))
                            .replacingOccurrences(of: "{n}", with: String(qpuCount))
                    }
                    func call(_ client: HTTPClient) async throws -> HTTPClient.Reply {
                        if route.path == "/api/events" {
                            let (status, text) = try await EventStreamReader.read(
                                port: cluster.serverPort, path: path(), token: client.token, for: .seconds(30),
                                until: { $0.contains(": connected") || $0.contains("\"error\"") })
                            let parts = text.components(separatedBy: "\r\n\r\n")
                            let body = parts.count > 1 ? Data(parts[1].utf8) : Data()
                            return HTTPClient.Reply(status: status, headers: Self.headers(of: text), body: body)
                        }
                        let path = path()
                        let body = try route.body.map { body in
                            let text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
                            return Data(text.replacingOccurrences(of: "{n}", with: String(qpuCount)).utf8)
                        }
                        return try await client.send(route.method, path, body: body)
                    }
                    let name = "\(route.method) \(route.path)"
                    let asAnonymous = try await call(anonymous)
                    let asNode = try await call(node)
                    let asAlice = try await call(alice)
                    let asBob = try await call(bob)
                    let asRoot = try await call(root)
                    switch route.level {
                    case .anonymous:
                        for reply in [asAnonymous, asNode, asAlice, asRoot] {
                            #expect((200..<300).contains(reply.status), "\(name): \(reply)")
                        }
                    case .user:
                        #expect(
                            asAnonymous.status == 401 && asAnonymous.errorCode == "unauthenticated",
                            "\(name): \(asAnonymous)")
                        #expect(asAnonymous.headers["www-authenticate"]?.hasPrefix("Bearer") == true, "\(name)")
                        #expect(asNode.status == 401, "a QPU token is no user token: \(name): \(asNode)")
                        for reply in [asAlice, asBob, asRoot] {
                            #expect((200..<300).contains(reply.status), "\(name): \(reply)")
                        }
                    case .superuser:
                        #expect(asAnonymous.status == 401, "\(name): \(asAnonymous)")
                        #expect(asNode.status == 401, "\(name): \(asNode)")
                        #expect(asAlice.status == 403 && asAlice.errorCode == "forbidden", "\(name): \(asAlice)")
                        #expect(asBob.status == 403, "\(name): \(asBob)")
                        #expect((200..<300).contains(asRoot.status), "\(name): \(asRoot)")
                    }
                }

                // The connect handshake takes the QPU's token and nothing else.
                let connect = try await node.post("/api/op/qpus/connect", ["name": "remote"])
                #expect(connect.status == 200, "\(connect)")
                #expect(
                    connect.json["ca_certificate_pem"] as? String != nil && connect.json["link_port"] as? Int != nil)
                #expect(try await anonymous.post("/api/op/qpus/connect", ["name": "remote"]).status == 401)
                #expect(try await alice.post("/api/op/qpus/connect", ["name": "remote"]).status == 401)
                #expect(try await root.post("/api/op/qpus/connect", ["name": "remote"]).status == 401)
                let otherQPU = try await node.post("/api/op/qpus/connect", ["name": "sim0"])
                #expect(otherQPU.status == 401, "\(otherQPU)")
                #expect(try await node.send("POST", "/api/op/qpus/connect").status == 200, "the token names its QPU")

                // Revoked and garbage tokens are refused like missing ones.
                #expect(try await anonymous.with(token: "qpi_1.garbage").get("/api/me").status == 401)
                let revocable = try await alice.post("/api/tokens", ["name": "short"])
                let id = try #require((revocable.json["info"] as? [String: Any])?["id"] as? Int)
                let secret = try #require(revocable.json["token"] as? String)
                #expect(try await anonymous.with(token: secret).get("/api/me").status == 200)
                #expect(try await bob.delete("/api/tokens/\(id)").status == 404, "another's token is not found")
                #expect(try await alice.delete("/api/tokens/\(id)").status == 200)
                let revoked = try await anonymous.with(token: secret).get("/api/me")
                #expect(revoked.status == 401 && revoked.text.contains("revoked"), "\(revoked)")
            }
        }
    }
}
