import Foundation
import QPICore
import QPIDocuments
import QPITesting
import Testing

extension ClusterSuite {
    /// The notification routes with every kind of caller: anonymous, a user, another user
    /// and a superuser; and that the HTTP and `qctl notify` views are one.
    @Suite struct HTTPNotificationTests {
        @Test func theAuthMatrixAndTheRulesHoldOverHTTP() async throws {
            try await withCluster { cluster in
                let anonymous = HTTPClient(cluster)
                let alice = anonymous.with(token: try await cluster.apiToken(as: .alice))
                let bob = anonymous.with(token: try await cluster.apiToken(as: .bob))
                let root = anonymous.with(token: try await cluster.apiToken())
                let aliceName = TestUser.alice.name

                // Create: superusers only.
                let body: [String: Any] = ["title": "Maintenance", "message": "sim0 down", "level": "warning"]
                #expect(try await anonymous.post("/api/notifications", body).status == 401)
                let byUser = try await alice.post("/api/notifications", body)
                #expect(byUser.status == 403 && byUser.errorCode == "forbidden", "\(byUser)")
                let created = try await root.post("/api/notifications", body)
                #expect(created.status == 201, "\(created)")
                let broadcast = try #require(created.json["id"] as? Int)
                #expect(created.json["users"] is NSNull && created.json["level"] as? String == "warning")
                #expect(created.json["created_by"] as? String == "root" && created.json["ends_at"] is NSNull)
                let targeted = try #require(
                    try await root.post(
                        "/api/notifications", ["title": "For alice", "message": "hi", "users": [aliceName]]
                    ).json["id"] as? Int)

                // List: each user sees theirs; all=true is for superusers.
                func ids(_ reply: HTTPClient.Reply) -> [Int] { reply.items.compactMap { $0["id"] as? Int } }
                #expect(try await anonymous.get("/api/notifications").status == 401)
                #expect(ids(try await alice.get("/api/notifications")) == [broadcast, targeted])
                #expect(ids(try await bob.get("/api/notifications")) == [broadcast])
                #expect(try await bob.get("/api/notifications?all=true").status == 403)
                #expect(ids(try await root.get("/api/notifications?all=true")) == [broadcast, targeted])
                let badFlag = try await root.get("/api/notifications?all=maybe")
                #expect(badFlag.status == 422 && badFlag.errorField == "all", "\(badFlag)")

                // Dismiss: per user; another user's targeted notification is not found.
                #expect(try await anonymous.send("POST", "/api/notifications/\(broadcast)/dismiss").status == 401)
                let foreign = try await bob.send("POST", "/api/notifications/\(targeted)/dismiss")
                #expect(foreign.status == 404 && foreign.errorCode == "not_found", "\(foreign)")
                let dismissed = try await alice.send("POST", "/api/notifications/\(broadcast)/dismiss")
                #expect(dismissed.status == 200 && dismissed.json["dismissed"] as? Bool == true, "\(dismissed)")
                #expect(ids(try await alice.get("/api/notifications")) == [targeted])
                #expect(ids(try await bob.get("/api/notifications")) == [broadcast])
                let listed = try await cluster.document(
                    ListJSON<NotificationJSON>.self, "qctl", ["notify", "list", "--json"], as: .alice)
                #expect(listed.items.map(\.id) == [Int64(targeted)], "qctl and HTTP show the same")
                #expect(try await root.send("POST", "/api/notifications/999/dismiss").status == 404)

                // Update: superusers only; absent fields stay, null ends_at removes the end,
                // null users broadcasts.
                let patch: [String: Any] = [
                    "users": NSNull(), "ends_at": RFC3339.string(from: Date(timeIntervalSinceNow: 3_600)),
                ]
                #expect(try await anonymous.patch("/api/notifications/\(targeted)", patch).status == 401)
                #expect(try await alice.patch("/api/notifications/\(targeted)", patch).status == 403)
                let updated = try await root.patch("/api/notifications/\(targeted)", patch)
                #expect(updated.status == 200 && updated.json["users"] is NSNull, "\(updated)")
                #expect(updated.json["title"] as? String == "For alice" && updated.time("ends_at") != nil)
                #expect(ids(try await bob.get("/api/notifications")) == [broadcast, targeted])
                let reopened = try await root.patch("/api/notifications/\(targeted)", ["ends_at": NSNull()])
                #expect(reopened.json["ends_at"] is NSNull, "\(reopened)")
                // Epoch seconds are still read as times.
                let inverted = try await root.patch("/api/notifications/\(targeted)", ["starts_at": 10, "ends_at": 5])
                #expect(inverted.status == 422 && inverted.errorField == "ends_at", "\(inverted)")
                let badLevel = try await root.patch("/api/notifications/\(targeted)", ["level": "loud"])
                #expect(badLevel.status == 422 && badLevel.errorField == "level", "\(badLevel)")
                let empty = try await root.patch("/api/notifications/\(targeted)", [String: Any]())
                #expect(empty.status == 422, "\(empty)")
                #expect(try await root.patch("/api/notifications/999", ["title": "x"]).status == 404)
                let missingTitle = try await root.post("/api/notifications", ["message": "m"])
                #expect(missingTitle.status == 422 && missingTitle.errorField == "title", "\(missingTitle)")

                // Delete: superusers only.
                #expect(try await anonymous.delete("/api/notifications/\(broadcast)").status == 401)
                #expect(try await bob.delete("/api/notifications/\(broadcast)").status == 403)
                #expect(try await root.delete("/api/notifications/\(broadcast)").status == 200)
                #expect(try await root.delete("/api/notifications/\(broadcast)").status == 404)
                #expect(ids(try await bob.get("/api/notifications")) == [targeted])
            }
        }
    }
}
