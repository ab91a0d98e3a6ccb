import QPIAuth
import QPITransport
import QPIWire

/// The node daemon's one-off requests to the controller's command listener.
struct NodeCommandClient {
    let socket: RequestClient
    let signer: RequestSigner
    let maxMessageSize: Int

    init(url: String, signer: RequestSigner, maxMessageSize: Int) throws {
        var options = SocketOptions()
        options.maxReceiveSize = maxMessageSize
        self.socket = try RequestClient(options: options)
        try self.socket.dial(url: url)
        self.signer = signer
        self.maxMessageSize = maxMessageSize
    }

    func call<R: WireRequest>(_ request: R) async throws -> R.Response {
        let body = try WireCoding.encode(RequestEnvelope(type: R.type, body: request))
        let reply = try await self.socket.request(
            Frame(credential: try self.signer.sign(body), body: body).encoded(), timeout: .seconds(5))
        let envelope = try WireCoding.decode(ReplyEnvelope<R.Response>.self, from: Frame.decode(reply, maxSize: self.maxMessageSize).body)
        if let error = envelope.error { throw error }
        guard let result = envelope.result else { throw WireError(.malformed, "empty reply") }
        return result
    }

    func close() {
        self.socket.close()
    }
}
