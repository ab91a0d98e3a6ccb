import Foundation
import QPIAuth
import QPIClient
import QPIControllerClient
import QPICore
import QPITesting
import QPITransport
import QPIWire

/// A peer on a QPU's link port written by hand, as an attacker would: a bare NNG pair
/// socket, which may stay silent, or say hello as the QPU's node (a compromised node host
/// holds the same munge key) and then send whatever it likes.
final class RogueNode: Sendable {
    let socket: PairSocket
    let signer: RequestSigner

    /// Dials `qpu`'s link port, as found the way `qpid` finds it.
    init(dialing qpu: String, in cluster: ClusterHarness) async throws {
        self.signer = RequestSigner(
            munge: MungeCredentials(socketPath: cluster.mungeSocket), cluster: cluster.clusterName)
        let client = try cluster.client()
        defer { client.close() }
        let url = try await client.call(NodeLinkRequest(qpu: qpu)).url
        self.socket = try PairSocket()
        try self.socket.dial(url: url, waitForConnection: true)
    }

    /// Says hello as `qpu`'s node, signed as `qpid` signs it, and waits for the welcome
    /// (skipping what comes before it, such as cancels of `running` jobs).
    func helloAsNode(of qpu: String, running: [JobRef] = []) async throws {
        let hello = NodeHello(
            session: UInt64.random(in: 1...UInt64.max), qpu: qpu, executor: "sim", qubits: 16, running: running,
            spooled: [])
        let body = try WireCoding.encode(NodeMessage.hello(hello))
        try await self.socket.send(Frame(credential: try self.signer.sign(body), body: body).encoded())
        let refusal = try await self.receive("welcome", within: .seconds(30)) { message -> WireError?? in
            if case .welcome = message { return .some(nil) }
            if case .refused(let error) = message { return .some(error) }
            return nil
        }
        if let refusal { throw HarnessError("the controller refused the hello: \(refusal)") }
    }

    /// Sends `message` unsigned, as every message after the hello is.
    func send(_ message: NodeMessage) async throws {
        let body = try WireCoding.encode(message)
        try await self.socket.send(Frame(credential: "", body: body).encoded(), timeout: .seconds(5))
    }

    /// The controller's next message, within `limit`.
    func next(within limit: Duration) async throws -> ControllerMessage {
        let bytes = try await self.socket.receive(timeout: limit)
        return try WireCoding.decode(ControllerMessage.self, from: Frame.decode(bytes, maxSize: 1 << 24).body)
    }

    /// Skips the controller's messages until `match` picks one, within `limit` in all.
    func receive<T>(
        _ what: String, within limit: Duration, _ match: (ControllerMessage) -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            guard let message = try? await self.next(within: deadline - ContinuousClock.now) else { break }
            if let found = match(message) { return found }
        }
        throw HarnessError("no \(what) from the controller within \(limit)")
    }

    func close() {
        self.socket.close()
    }
}
