import QPITransport
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

        let second = try PairSocket(options: SocketOptions(reconnectMinimum: .milliseconds(20), reconnectMaximum: .milliseconds(50)))
        try second.dial(url: listener.url)
        try await second.send([2], timeout: .seconds(5))
        await #expect(throws: NNGError.self) { try await server.receive(timeout: .milliseconds(300)) }

        first.close()
        #expect(try await server.receive(timeout: .seconds(5)) == [2])
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
