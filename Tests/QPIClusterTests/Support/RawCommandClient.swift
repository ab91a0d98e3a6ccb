import QPIAuth
import QPIControllerClient
import QPITesting
import QPITransport
import QPIWire

/// Talks to `qpictld`'s command port byte by byte, as a hostile or broken client would:
/// what `ControllerClient` never sends can be sent from here.
struct RawCommandClient {
    let socket: RequestClient
    let signer: RequestSigner

    /// Dials the command port, or `url` (the local socket's `ipc://PATH`).
    init(_ cluster: ClusterHarness, url: String? = nil) throws {
        self.socket = try RequestClient()
        try self.socket.dial(url: url ?? "tcp://127.0.0.1:\(cluster.controlPort)", waitForConnection: true)
        self.signer = RequestSigner(
            munge: MungeCredentials(socketPath: cluster.mungeSocket), cluster: cluster.clusterName)
    }

    /// The JSON body of `request`, as the commands encode it.
    func body<R: WireRequest>(_ request: R) throws -> [UInt8] {
        try WireCoding.encode(RequestEnvelope(type: R.type, body: request))
    }

    /// A well-formed frame: `body` with a fresh munge credential over it.
    func signedFrame(_ body: [UInt8]) throws -> [UInt8] {
        Frame(credential: try self.signer.sign(body), body: body).encoded()
    }

    /// Sends raw bytes and returns the reply's envelope (whatever its result type).
    func send<Result: Codable & Sendable>(
        _ bytes: [UInt8], expecting: Result.Type, timeout: Duration = .seconds(10)
    ) async throws -> ReplyEnvelope<Result> {
        let reply = try await self.socket.request(bytes, timeout: timeout)
        return try WireCoding.decode(ReplyEnvelope<Result>.self, from: Frame.decode(reply, maxSize: 1 << 30).body)
    }

    /// Sends raw bytes that must be refused, and returns the controller's error.
    func refusal(_ bytes: [UInt8]) async throws -> WireError {
        let reply = try await self.send(bytes, expecting: Unchecked.self)
        guard let error = reply.error else { throw RefusalMissing() }
        return error
    }

    /// Signs and sends `request`; returns its reply's envelope.
    func call<R: WireRequest>(_ request: R) async throws -> ReplyEnvelope<R.Response> {
        try await self.send(try self.signedFrame(try self.body(request)), expecting: R.Response.self)
    }

    func close() {
        self.socket.close()
    }

    /// A result this client does not read.
    struct Unchecked: Codable, Sendable {}

    struct RefusalMissing: Error, CustomStringConvertible {
        var description: String { "the controller accepted a request it should have refused" }
    }
}
