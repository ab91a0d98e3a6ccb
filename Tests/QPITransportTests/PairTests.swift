import QPITransport
import Synchronization
import Testing

struct PairTests {
    @Test func bothDirectionsOnOneConnection() async throws {
        let server = try PairSocket()
        let listener = try server.listen(url: loopback())
        let client = try PairSocket()
        try client.dial(url: listener.url)
        try await client.send(Array("hello".utf8), timeout: .seconds(5))
        #expect(try await server.receive(timeout: .seconds(5)) == Array("hello".utf8))
        try await server.send(Array("welcome".utf8), timeout: .seconds(5))
        #expect(try await client.receive(timeout: .seconds(5)) == Array("welcome".utf8))
    }

    @Test func secondPeerWaitsUntilTheFirstLeaves() async throws {
        let server = try PairSocket()
        let listener = try server.listen(url: loopback())
        let first = try PairSocket()
        try first.dial(url: listener.url)
        try await first.send([1], timeout: .seconds(5))
        #expect(try await server.receive(timeout: .seconds(5)) == [1])

        // While the first peer is connected the second is turned away: nothing it sends
        // reaches the server (a message may be lost with the refused connection).
        let second = try PairSocket(
            options: SocketOptions(reconnectMinimum: .milliseconds(20), reconnectMaximum: .milliseconds(50)))
        try second.dial(url: listener.url)
        try? await second.send([2], timeout: .milliseconds(200))
        await #expect(throws: NNGError.self) { try await server.receive(timeout: .milliseconds(300)) }

        // Once the first leaves, the second gets through as soon as its dialer reconnects,
        // which takes as long as the machine takes: keep sending until a [3] arrives.
        first.close()
        var received: [UInt8] = []
        let deadline = ContinuousClock.now + .seconds(30)
        while received != [3], ContinuousClock.now < deadline {
            try? await second.send([3], timeout: .milliseconds(200))
            received = (try? await server.receive(timeout: .milliseconds(200))) ?? []
        }
        #expect(received == [3], "the second peer got nothing through within 30 s of the first leaving")
    }

    /// A listener that closes its current peer when another arrives lets the newcomer in,
    /// where pair1 alone refuses it for as long as the first stays. NNG frees the place only
    /// after the close, so the newcomer's own attempt may still be refused and its next one
    /// gets in: keep sending until a message arrives.
    @Test func aNewcomerDisplacesThePeerTheHookCloses() async throws {
        let server = try PairSocket()
        let admitted = AdmittedPipes()
        server.beforeAdmitting { [weak server] pipe in
            let previous = admitted.pipes.withLock { pipes in
                defer { pipes.append(pipe) }
                return pipes.last
            }
            if let previous { server?.closePipe(previous) }
        }
        let listener = try server.listen(url: loopback())
        // Slow to come back once displaced, so it does not displace the second in turn.
        let first = try PairSocket(
            options: SocketOptions(reconnectMinimum: .seconds(60), reconnectMaximum: .seconds(60)))
        defer { first.close() }
        try first.dial(url: listener.url, waitForConnection: true)
        try await first.send([1], timeout: .seconds(5))
        #expect(try await server.receive(timeout: .seconds(5)) == [1])

        let second = try PairSocket(
            options: SocketOptions(reconnectMinimum: .milliseconds(20), reconnectMaximum: .milliseconds(50)))
        defer { second.close() }
        try second.dial(url: listener.url)
        var received: [UInt8] = []
        let deadline = ContinuousClock.now + .seconds(30)
        while received != [2], ContinuousClock.now < deadline {
            try? await second.send([2], timeout: .milliseconds(200))
            received = (try? await server.receive(timeout: .milliseconds(200))) ?? []
        }
        #expect(received == [2], "the second peer got nothing through within 30 s while the first stayed")
    }

    @Test func messagesNameTheirPipeAndOnePipeCanBeClosed() async throws {
        let server = try PairSocket()
        let listener = try server.listen(url: loopback())
        var events = server.pipeEvents.makeAsyncIterator()
        let client = try PairSocket()
        try client.dial(url: listener.url)
        let connected = try #require(await events.next())
        #expect(connected.kind == .connected)
        try await client.send([7], timeout: .seconds(5))
        let received = try await server.receiveWithPipe(timeout: .seconds(5))
        #expect(received.bytes == [7] && received.pipeID == connected.pipeID)

        server.closePipe(connected.pipeID)
        let closed = try #require(await events.next())
        #expect(closed.kind == .disconnected && closed.pipeID == connected.pipeID)
        // The socket itself still serves: the client's reconnection is a new pipe.
        let again = try #require(await events.next())
        #expect(again.kind == .connected && again.pipeID != connected.pipeID)
    }

    @Test func disconnectIsReported() async throws {
        let server = try PairSocket()
        let listener = try server.listen(url: loopback())
        let events = server.pipeEvents
        let client = try PairSocket()
        try client.dial(url: listener.url)
        var iterator = events.makeAsyncIterator()
        #expect(await iterator.next()?.kind == .connected)
        client.close()
        #expect(await iterator.next()?.kind == .disconnected)
    }
}

/// The pipes a listener's admission hook saw, in order.
private final class AdmittedPipes: Sendable {
    let pipes = Mutex<[Int]>([])
}
