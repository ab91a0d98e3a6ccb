import Foundation
import QPICore
import QPITesting
import Testing

extension ClusterSuite {
    /// The HTTP API's job routes against a real qpictld and qpid: the same jobs, owners
    /// and results as the commands see.
    @Suite struct HTTPJobTests {
        @Test func submitWaitAndReadCountsOverHTTP() async throws {
            try await withCluster { cluster in
                let alice = HTTPClient(cluster, token: try await cluster.apiToken(as: .alice))
                let health = try await HTTPClient(cluster).get("/healthz")
                #expect(health.status == 200 && health.json["status"] as? String == "ok", "\(health)")

                let submitted = try await alice.post(
                    "/api/jobs", ["circuits": [["circuit": Circuits.bell]], "shots": 200, "name": "bell"])
                #expect(submitted.status == 201, "\(submitted)")
                let id = try #require(submitted.json["id"] as? Int)
                #expect(submitted.json["user"] as? String == TestUser.alice.name)
                #expect(submitted.json["name"] as? String == "bell")
                #expect(["PENDING", "RUNNING", "COMPLETED"].contains(submitted.json["state"] as? String ?? ""))

                let ended = try await alice.get("/api/jobs/\(id)?wait=60")
                #expect(ended.json["state"] as? String == "COMPLETED", "\(ended)")
                #expect(ended.json["qpu"] as? String == "sim0")
                #expect(ended.json["shots"] as? Int == 200)

                let result = try await alice.get("/api/jobs/\(id)/result")
                #expect(result.status == 200, "\(result)")
                let circuits = try #require(result.json["results"] as? [[String: Any]])
                let counts = try #require(circuits.first?["counts"] as? [String: Int])
                #expect(Set(counts.keys).isSubset(of: ["00", "11"]), "\(counts)")
                #expect(counts.values.reduce(0, +) == 200)
                #expect(result.json["job_id"] as? String == String(id))

                // The job is alice's through the commands too: the uid is the same.
                let viaCommand = try await cluster.run("qresult", [String(id)], as: .alice)
                #expect(viaCommand.succeeded, "\(viaCommand)")

                let listed = try await alice.get("/api/jobs?state=COMPLETED")
                #expect(listed.items.contains { $0["id"] as? Int == id }, "\(listed)")
                let running = try await alice.get("/api/jobs?state=RUNNING")
                #expect(!running.items.contains { $0["id"] as? Int == id })
            }
        }

        @Test func ownersAndAdminsOnlyReadResultsAndCancel() async throws {
            try await withCluster { cluster in
                let alice = HTTPClient(cluster, token: try await cluster.apiToken(as: .alice))
                let bob = alice.with(token: try await cluster.apiToken(as: .bob))
                let root = alice.with(token: try await cluster.apiToken())

                // A job submitted by qsub over munge belongs to alice over HTTP as well.
                let held = try await cluster.submit(Circuits.one, ["--hold"], as: .alice)
                let seenByBob = try await bob.get("/api/jobs/\(held)")
                #expect(seenByBob.status == 200, "users see the whole queue, as in Slurm: \(seenByBob)")
                let bobsCancel = try await bob.post("/api/jobs/\(held)/cancel", [String: Any]())
                #expect(bobsCancel.status == 403 && bobsCancel.errorCode == "forbidden", "\(bobsCancel)")
                let bobsList = try await bob.get("/api/jobs")
                #expect(!bobsList.items.contains { $0["id"] as? Int == Int(held) }, "default list is the caller's own")
                let everyone = try await bob.get("/api/jobs?user=all")
                #expect(everyone.items.contains { $0["id"] as? Int == Int(held) })

                let cancelled = try await alice.post("/api/jobs/\(held)/cancel", [String: Any]())
                #expect(cancelled.status == 200 && cancelled.json["state"] as? String == "CANCELLED", "\(cancelled)")
                let again = try await alice.post("/api/jobs/\(held)/cancel", [String: Any]())
                #expect(again.status == 409 && again.errorCode == "conflict", "\(again)")

                let done = try #require(
                    try await alice.post("/api/jobs", ["circuits": [["circuit": Circuits.one]], "shots": 5]).json["id"]
                        as? Int)
                _ = try await alice.get("/api/jobs/\(done)?wait=60")
                let foreign = try await bob.get("/api/jobs/\(done)/result")
                #expect(foreign.status == 403 && foreign.errorCode == "forbidden", "\(foreign)")
                #expect(try await root.get("/api/jobs/\(done)/result").status == 200)
                let queued = try await alice.post("/api/jobs", ["circuits": [["circuit": Circuits.one]], "hold": true])
                let notEnded = try await alice.get("/api/jobs/\(queued.json["id"] as? Int ?? 0)/result")
                #expect(notEnded.status == 409, "\(notEnded)")
            }
        }

        @Test func badBodiesAndUnknownIDsGetTheirStatusAndField() async throws {
            try await withCluster(settings: ["MaxMessageSize": "64KiB"]) { cluster in
                let alice = HTTPClient(cluster, token: try await cluster.apiToken(as: .alice))

                let malformed = try await alice.send("POST", "/api/jobs", body: Data("{\"circuits\": [".utf8))
                #expect(malformed.status == 400 && malformed.errorCode == "malformed", "\(malformed)")
                #expect(malformed.errorField == "body")
                let empty = try await alice.send("POST", "/api/jobs", body: Data())
                #expect(empty.status == 400, "\(empty)")

                let wrongType = try await alice.post(
                    "/api/jobs", ["circuits": [["circuit": Circuits.one]], "shots": "many"])
                #expect(wrongType.status == 422 && wrongType.errorField == "shots", "\(wrongType)")
                let nested = try await alice.post("/api/jobs", ["circuits": [["circuit": 5]]])
                #expect(nested.status == 422 && nested.errorField == "circuits[0].circuit", "\(nested)")
                let missing = try await alice.post("/api/jobs", ["shots": 10])
                #expect(missing.status == 422 && missing.errorField == "circuits", "\(missing)")
                let notAnObject = try await alice.post("/api/jobs", [1, 2])
                #expect(notAnObject.status == 422, "\(notAnObject)")
                let badQASM = try await alice.post(
                    "/api/jobs", ["circuits": [["circuit": "OPENQASM 2.0;\nqreg q[1];\nfoo q[0];"]]])
                #expect(badQASM.status == 422 && badQASM.errorField == "circuits", "\(badQASM)")
                #expect(badQASM.text.contains("circuits[0]:3"), "the message names the circuit and line: \(badQASM)")
                let badShots = try await alice.post("/api/jobs", ["circuits": [["circuit": Circuits.one]], "shots": 0])
                #expect(badShots.status == 422 && badShots.errorField == "shots", "\(badShots)")
                let unknownQPU = try await alice.post(
                    "/api/jobs", ["circuits": [["circuit": Circuits.one]], "qpu": "nope"])
                #expect(unknownQPU.status == 422 && unknownQPU.errorField == "qpu", "\(unknownQPU)")
                let raised = try await alice.post(
                    "/api/jobs", ["circuits": [["circuit": Circuits.one]], "priority": 5])
                #expect(raised.status == 403 && raised.errorField == "priority", "\(raised)")

                let huge = String(repeating: "// padding\n", count: 10_000)
                let oversized = try await alice.post("/api/jobs", ["circuits": [["circuit": huge]]])
                #expect(oversized.status == 413 && oversized.errorCode == "too_large", "\(oversized)")

                for path in [
                    "/api/jobs/999999", "/api/jobs/abc", "/api/jobs/999999/result", "/api/tokens/999999",
                    "/api/slots/999999", "/api/qpus/nope",
                ] {
                    let reply = try await alice.get(path)
                    #expect(reply.status == 404 && reply.errorCode == "not_found", "\(path): \(reply)")
                }
                let cancelUnknown = try await alice.post("/api/jobs/999999/cancel", [String: Any]())
                #expect(cancelUnknown.status == 404, "\(cancelUnknown)")
                let noRoute = try await alice.get("/api/nothing")
                #expect(noRoute.status == 404 && noRoute.errorCode == "not_found", "\(noRoute)")
                let badState = try await alice.get("/api/jobs?state=DONE")
                #expect(badState.status == 422 && badState.errorField == "state", "\(badState)")
                let badLimit = try await alice.get("/api/jobs?limit=0")
                #expect(badLimit.status == 422 && badLimit.errorField == "limit", "\(badLimit)")
            }
        }
    }
}
