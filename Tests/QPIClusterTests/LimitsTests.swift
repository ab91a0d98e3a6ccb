import Foundation
import QPIClient
import QPIControllerClient
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// MaxQubits, MaxJobFileSize and MaxPendingPerUser: each refusal names its limit, and
    /// the controller keeps serving.
    @Suite struct LimitsTests {
        static let settings = ["MaxQubits": "1", "MaxJobFileSize": "300", "MaxPendingPerUser": "2"]

        @Test func submissionsPastALimitAreRefusedByName() async throws {
            try await withCluster(settings: Self.settings) { cluster in
                let wide = try await cluster.run("qsub", [try cluster.writeScript(Circuits.bell)])
                #expect(wide.exitStatus == 1, "\(wide)")
                #expect(wide.stderr.contains("2 qubits, over MaxQubits=1"), "\(wide)")

                let padding = String(repeating: "// padding\n", count: 40)
                let largeScript = Circuits.one + "\n" + padding
                // qsub refuses the file itself, reading no more of it than the limit allows.
                let large = try await cluster.run("qsub", [try cluster.writeScript(largeScript)])
                #expect(large.exitStatus == 1, "\(large)")
                #expect(large.stderr.contains("file is over MaxJobFileSize=300 bytes"), "\(large)")
                // A client that sends it anyway is refused by the controller.
                let client = try cluster.client()
                defer { client.close() }
                let refused = await #expect(throws: ClientError.self) {
                    try await client.call(
                        SubmitRequest(
                            scripts: [ScriptFile(name: "large.qasm", text: largeScript)], options: JobOptions(),
                            circuitCount: 1, qubits: 1))
                }
                #expect(
                    refused?.wire?.message.contains("over MaxJobFileSize=300") == true, "\(String(describing: refused))"
                )

                _ = try await cluster.submit(Circuits.one, ["--hold"], as: .alice)
                _ = try await cluster.submit(Circuits.one, ["--hold"], as: .alice)
                let third = try await cluster.run(
                    "qsub", ["--hold", try cluster.writeScript(Circuits.one)], as: .alice)
                #expect(third.exitStatus == 1, "\(third)")
                #expect(third.stderr.contains("2 pending jobs, the most MaxPendingPerUser=2 allows"), "\(third)")
                // The limit is per user: another user still submits.
                _ = try await cluster.submit(Circuits.one, ["--hold"], as: .bob)
            }
        }
    }
}
