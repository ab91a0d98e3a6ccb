import QPITesting
import QPITransport
import Testing

struct TLSTests {
    @Test func requestReplyOverTLS() async throws {
        let certificates = try TestCertificates.generate()
        let server = try ReplyServer(handler: echo)
        let listener = try server.listen(url: loopback("tls+tcp"), tls: Self.serverTLS(certificates))
        #expect(listener.url.hasPrefix("tls+tcp://127.0.0.1:"))
        let client = try RequestClient()
        try client.dial(url: listener.url, tls: Self.clientTLS(trusting: certificates))
        #expect(try await client.request([1, 2], timeout: .seconds(10)) == Array("re:".utf8) + [1, 2])
        await server.close()
    }

    @Test func pairOverTLS() async throws {
        let certificates = try TestCertificates.generate()
        let receiver = try PairSocket()
        let listener = try receiver.listen(url: loopback("tls+tcp"), tls: Self.serverTLS(certificates))
        let sender = try PairSocket()
        try sender.dial(url: listener.url, tls: Self.clientTLS(trusting: certificates))
        try await sender.send([3], timeout: .seconds(10))
        #expect(try await receiver.receive(timeout: .seconds(10)) == [3])
    }

    @Test func clientTrustingAnotherCAIsRefused() async throws {
        let certificates = try TestCertificates.generate()
        let stranger = try TestCertificates.generate()
        let server = try ReplyServer(handler: echo)
        let listener = try server.listen(url: loopback("tls+tcp"), tls: Self.serverTLS(certificates))

        let blocking = try RequestClient()
        let error = #expect(throws: NNGError.self) {
            try blocking.dial(url: listener.url, tls: Self.clientTLS(trusting: stranger), waitForConnection: true)
        }
        #expect(error?.code == .cryptographic)

        let background = try RequestClient()
        let events = Recorder(background.pipeEvents)
        try background.dial(url: listener.url, tls: Self.clientTLS(trusting: stranger))
        let timeout = await #expect(throws: NNGError.self) {
            try await background.request([1], timeout: .milliseconds(500))
        }
        #expect(timeout?.code == .timedOut)
        #expect(events.recorded.isEmpty)
        await server.close()
    }

    @Test func roleMismatchIsRejected() throws {
        let certificates = try TestCertificates.generate()
        let server = try ReplyServer(handler: echo)
        let error = #expect(throws: NNGError.self) {
            try server.listen(url: loopback("tls+tcp"), tls: Self.clientTLS(trusting: certificates))
        }
        #expect(error?.code == .invalidArgument)
    }

    private static func serverTLS(_ certificates: TestCertificates) -> TLSConfiguration {
        .server(
            certificateChainPEM: certificates.serverCertificatePEM,
            privateKeyPEM: certificates.serverPrivateKeyPEM
        )
    }

    private static func clientTLS(trusting certificates: TestCertificates) -> TLSConfiguration {
        .client(certificateAuthorityPEM: certificates.certificateAuthorityPEM, serverName: certificates.serverName)
    }
}
