import QPISecurity
import QPITransport
import Testing

/// The certificates swift-certificates makes work in NNG's mbedtls, and a node that
/// trusts only the pinned CA cannot be fooled by another one.
struct TLSLinkTests {
    @Test func nngAcceptsTheGeneratedCertificatesAndRefusesAnotherCA() async throws {
        let ours = try ClusterCertificates.generate(clusterName: "t", domain: "", ipAddress: "127.0.0.1")
        let server = try PairSocket()
        defer { server.close() }
        let listener = try server.listen(
            url: "tls+tcp://127.0.0.1:0",
            tls: .server(certificateChainPEM: ours.serverCertificatePEM, privateKeyPEM: ours.serverPrivateKeyPEM))
        let serverName = ClusterCertificates.serverName(domain: "")

        let client = try PairSocket()
        defer { client.close() }
        try client.dial(
            url: listener.url, tls: .client(certificateAuthorityPEM: ours.caCertificatePEM, serverName: serverName),
            waitForConnection: true)
        try await client.send(Array("hello".utf8), timeout: .seconds(5))
        #expect(try await server.receive(timeout: .seconds(5)) == Array("hello".utf8))

        let theirs = try ClusterCertificates.generate(clusterName: "t", domain: "", ipAddress: "127.0.0.1")
        let fooled = try PairSocket()
        defer { fooled.close() }
        #expect(throws: NNGError.self) {
            try fooled.dial(
                url: listener.url,
                tls: .client(certificateAuthorityPEM: theirs.caCertificatePEM, serverName: serverName),
                waitForConnection: true)
        }
    }
}
