import QPIAuth
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// Hostile and broken requests on the command port: each gets an error reply naming
    /// the problem, nothing is stored, and the controller keeps serving.
    @Suite struct BadInputTests {
        /// A small MaxMessageSize keeps the oversized request cheap; MaxTime is 1 hour.
        static let settings = ["MaxMessageSize": "64K", "MaxTime": "1h"]

        static let bell = SubmitRequest(
            scripts: [ScriptFile(name: "bell.qasm", text: Circuits.bell)], options: JobOptions(shots: 10),
            circuitCount: 1, qubits: 2)

        @Test func badFramesAreRefused() async throws {
            try await withCluster(settings: Self.settings) { cluster in
                let client = try RawCommandClient(cluster)
                defer { client.close() }
                let ping = try client.signedFrame(try client.body(PingRequest()))
                var newVersion = ping
                newVersion[3] = 9

                let cases: [(String, [UInt8], WireError.Code, String)] = [
                    ("garbage", Array("hello, controller".utf8), .malformed, "not a QPI message"),
                    ("empty", [], .malformed, "not a QPI message"),
                    ("truncated", Array(ping.prefix(40)), .malformed, "truncated"),
                    ("unknown version", newVersion, .unsupportedVersion, "version 9"),
                    (
                        "oversized", try client.signedFrame(Array(repeating: 0x20, count: 64 << 10)), .tooLarge,
                        "exceeds the limit"
                    ),
                ]
                for (name, bytes, code, words) in cases {
                    let error = try await client.refusal(bytes)
                    #expect(error.code == code, "\(name): \(error)")
                    #expect(error.message.contains(words), "\(name): \(error)")
                }
                try await Self.expectServing(client)
            }
        }

        @Test func badCredentialsAreRefused() async throws {
            try await withCluster(settings: Self.settings) { cluster in
                let client = try RawCommandClient(cluster)
                defer { client.close() }
                let body = try client.body(PingRequest())
                let otherBody = try client.body(ListQPUsRequest())
                let cases: [(String, [UInt8], String)] = [
                    ("missing", Frame(credential: "", body: body).encoded(), "no munge credential"),
                    ("garbage", Frame(credential: "MUNGE:bm90IGEgY3JlZGVudGlhbA==:", body: body).encoded(), "refused"),
                    (
                        "for another body", Frame(credential: try client.signer.sign(otherBody), body: body).encoded(),
                        "does not match"
                    ),
                ]
                for (name, bytes, words) in cases {
                    let error = try await client.refusal(bytes)
                    #expect(error.code == .unauthenticated, "\(name): \(error)")
                    #expect(error.message.contains(words), "\(name): \(error)")
                }

                // The exact same frame twice: munged accepts a credential once.
                let frame = try client.signedFrame(body)
                #expect(try await client.send(frame, expecting: PingRequest.Response.self).result?.isAdmin == true)
                let replayed = try await client.refusal(frame)
                #expect(replayed.code == .unauthenticated)
                #expect(replayed.message.lowercased().contains("replay"), "\(replayed)")
                try await Self.expectServing(client)
            }
        }

        @Test func badRequestsAreRefusedAndNothingIsStored() async throws {
            try await withCluster(settings: Self.settings) { cluster in
                let client = try RawCommandClient(cluster)
                defer { client.close() }
                let notJSON = try client.signedFrame(Array("{\"type\": \"submit\", ".utf8))
                let unknownType = try client.signedFrame(Array("{\"type\": \"format_disk\", \"body\": {}}".utf8))
                let noScripts = try client.signedFrame(
                    Array("{\"type\": \"submit\", \"body\": {\"hold\": false}}".utf8))
                for (name, bytes, code, words) in [
                    ("not JSON", notJSON, WireError.Code.malformed, "malformed"),
                    ("unknown type", unknownType, .invalidArgument, "format_disk"),
                    ("missing fields", noScripts, .malformed, "missing field"),
                ] {
                    let error = try await client.refusal(bytes)
                    #expect(error.code == code, "\(name): \(error)")
                    #expect(error.message.contains(words), "\(name): \(error)")
                }

                var invalid: [(String, SubmitRequest, String)] = []
                func variant(_ name: String, field: String, _ change: (inout SubmitRequest) -> Void) {
                    var request = Self.bell
                    change(&request)
                    invalid.append((name, request, field))
                }
                variant("zero shots", field: "shots") { $0.options.shots = 0 }
                variant("unknown QPU", field: "qpu") { $0.options.qpu = "nowhere" }
                variant("time over MaxTime", field: "time") { $0.options.timeLimitSeconds = 2 * 3_600 }
                variant("zero time", field: "time") { $0.options.timeLimitSeconds = 0 }
                variant("too many qubits", field: "qubits") { $0.qubits = 1_000 }
                variant("no scripts", field: "scripts") { $0.scripts = [] }
                for (name, request, field) in invalid {
                    let reply = try await client.call(request)
                    #expect(reply.result == nil, "\(name) was accepted")
                    #expect(reply.error?.code == .invalidArgument, "\(name): \(String(describing: reply.error))")
                    #expect(reply.error?.field == field, "\(name): \(String(describing: reply.error))")
                }

                let unknown: JobID = 999_999
                #expect(try await client.call(ShowJobRequest(jobID: unknown)).error?.code == .notFound)
                #expect(try await client.call(ResultRequest(jobID: unknown)).error?.code == .notFound)
                #expect(
                    try await client.call(WaitJobRequest(jobID: unknown, timeoutSeconds: 1)).error?.code == .notFound)
                let cancel = try #require(try await client.call(CancelRequest(query: JobQuery(ids: [unknown]))).result)
                #expect(cancel.cancelled.isEmpty)
                #expect(cancel.refused.map(\.error.code) == [.notFound])

                let stored = try #require(
                    try await client.call(ListJobsRequest(query: JobQuery(includeFinished: true))).result)
                #expect(stored.jobs.isEmpty, "refused requests stored jobs: \(stored.jobs.map(\.id))")
                try await Self.expectServing(client)
            }
        }

        /// A normal request still succeeds: the bad ones did not take the daemon down.
        static func expectServing(_ client: RawCommandClient) async throws {
            let ping = try await client.call(PingRequest())
            #expect(ping.result?.cluster == "qpi-test", "\(String(describing: ping.error))")
            let submitted = try await client.call(Self.bell)
            #expect(submitted.result != nil, "\(String(describing: submitted.error))")
        }
    }
}
