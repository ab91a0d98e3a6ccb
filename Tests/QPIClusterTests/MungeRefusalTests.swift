import Foundation
import QPIAuth
import QPIClient
import QPIControllerClient
import QPICore
import QPITesting
import QPITransport
import QPIWire
import Testing

extension ClusterSuite {
    /// The munge paths refuse credentials that are replayed, expired or made under another
    /// key: on the command port and on a node link of qpi.conf.
    @Suite struct MungeRefusalTests {
        @Test func commandsWithExpiredOrForeignCredentialsAreRefused() async throws {
            try await withCluster { cluster in
                let client = try RawCommandClient(cluster)
                defer { client.close() }
                let body = try client.body(PingRequest())

                let foreign = try MungeDaemon()
                defer { foreign.stop() }
                let foreignCredential = try RequestSigner(munge: foreign.credentials, cluster: cluster.clusterName)
                    .sign(body)
                let refused = try await client.refusal(Frame(credential: foreignCredential, body: body).encoded())
                #expect(refused.code == .unauthenticated && refused.message.contains("munge credential refused"))

                let expiring = Frame(credential: try client.signer.sign(body, ttl: 1), body: body).encoded()
                try await Task.sleep(for: .milliseconds(2_500))
                let expired = try await client.refusal(expiring)
                #expect(expired.code == .unauthenticated)
                #expect(expired.message.lowercased().contains("expired"), "\(expired)")
            }
        }

        /// Two clusters that share a munge key (a test cluster beside production): a request
        /// made for one, with a valid credential from the same munged, is refused by the
        /// other (issue 18, item 14). Before, the credential covered only the body.
        @Test func aCredentialMadeForAnotherClusterIsRefused() async throws {
            try await withCluster { cluster in
                let client = try RawCommandClient(cluster)
                defer { client.close() }
                let body = try client.body(TokenCreateRequest(name: "replayed", expiresInSeconds: nil, user: nil))
                let elsewhere = RequestSigner(
                    munge: MungeCredentials(socketPath: cluster.mungeSocket), cluster: "production")
                let refused = try await client.refusal(
                    Frame(credential: try elsewhere.sign(body), body: body).encoded())
                #expect(refused.code == .unauthenticated, "\(refused)")
                #expect(
                    refused.message.contains("cluster 'production', not this one ('\(cluster.clusterName)')"),
                    "\(refused)")
                let tokens = try await cluster.run("qctl", ["token", "list"])
                #expect(tokens.succeeded && !tokens.stdout.contains("replayed"), "\(tokens)")
                // The same request signed for this cluster is served.
                let served = try await client.call(PingRequest())
                #expect(served.error == nil, "\(String(describing: served.error))")
            }
        }

        @Test func nodeHellosThatAreReplayedOrForeignAreRefused() async throws {
            try await withCluster { cluster in
                cluster.stop(.node("sim0"))
                let admin = try cluster.client()
                defer { admin.close() }
                let url = try await admin.call(NodeLinkRequest(qpu: "sim0")).url

                let link = try PairSocket()
                defer { link.close() }
                try link.dial(url: url, waitForConnection: true)
                let hello = try WireCoding.encode(
                    NodeMessage.hello(
                        NodeHello(session: 42, qpu: "sim0", executor: "sim", qubits: 24, running: [], spooled: [])))
                func reply(to frame: [UInt8]) async throws -> ControllerMessage {
                    try await link.send(frame, timeout: .seconds(5))
                    let bytes = try await link.receive(timeout: .seconds(10))
                    return try WireCoding.decode(
                        ControllerMessage.self, from: Frame.decode(bytes, maxSize: 1 << 24).body)
                }

                let foreign = try MungeDaemon()
                defer { foreign.stop() }
                let forged = Frame(
                    credential: try RequestSigner(munge: foreign.credentials, cluster: cluster.clusterName).sign(hello),
                    body: hello)
                guard case .refused(let error) = try await reply(to: forged.encoded()) else {
                    Issue.record("a hello under another munge key was welcomed")
                    return
                }
                #expect(error.message.contains("munge credential refused"), "\(error)")

                let signer = RequestSigner(
                    munge: MungeCredentials(socketPath: cluster.mungeSocket), cluster: cluster.clusterName)
                let genuine = Frame(credential: try signer.sign(hello), body: hello).encoded()
                guard case .welcome = try await reply(to: genuine) else {
                    Issue.record("a genuine hello was not welcomed")
                    return
                }
                guard case .refused(let replayed) = try await reply(to: genuine) else {
                    Issue.record("a replayed hello was accepted")
                    return
                }
                #expect(replayed.message.lowercased().contains("replay"), "\(replayed)")
            }
        }
    }
}
