import Foundation
import QPIClient
import QPIControllerClient
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// A submission resent under its client-chosen id gets the first job back, however
    /// often it is resent, and a malformed id is refused by name.
    @Suite struct SubmissionIDTests {
        static func request(_ submissionID: String?) -> SubmitRequest {
            SubmitRequest(
                scripts: [ScriptFile(name: "one.qasm", text: Circuits.one)], options: JobOptions(shots: 8),
                circuitCount: 1, qubits: 1, hold: true, submissionID: submissionID)
        }

        @Test func aResentSubmissionIsOneJob() async throws {
            try await withCluster { cluster in
                let client = try cluster.client()
                defer { client.close() }
                let id = UUID().uuidString
                let first = try await client.submit(Self.request(id))
                let again = try await client.submit(Self.request(id))
                let other = try await client.submit(Self.request(UUID().uuidString))
                #expect(again == first)
                #expect(other != first)
                // A retry after a restart finds the job in the store.
                cluster.kill(.controller)
                try cluster.start(.controller)
                try await cluster.waitUntilAnswering()
                let reconnected = try cluster.client()
                defer { reconnected.close() }
                #expect(try await reconnected.submit(Self.request(id)) == first)
                let listed = try await reconnected.call(ListJobsRequest(query: JobQuery())).jobs
                #expect(listed.map(\.id).sorted() == [first, other].sorted())
            }
        }

        @Test func aMalformedSubmissionIDIsRefused() async throws {
            try await withCluster { cluster in
                let client = try cluster.client()
                defer { client.close() }
                for submissionID in ["", String(repeating: "x", count: 129), "has space", "tab\there", "é"] {
                    let error = await #expect(throws: ClientError.self, "\(submissionID)") {
                        try await client.submit(Self.request(submissionID))
                    }
                    #expect(error?.wire?.code == .invalidArgument)
                    #expect(error?.wire?.field == "submissionID")
                }
                #expect(try await client.call(ListJobsRequest(query: JobQuery())).jobs.isEmpty)
            }
        }
    }
}
