import QPITransport
import Testing

struct PipeEventTests {
    @Test func listenerSeesPeerConnectAndDisconnect() async throws {
        let receiver = try PairSocket()
        let events = Recorder(receiver.pipeEvents)
        let listener = try receiver.listen(url: loopback())
        let sender = try PairSocket()
        try sender.dial(url: listener.url)

        #expect(await eventually { events.recorded.count == 1 })
        let connected = try #require(events.recorded.first)
        #expect(connected.kind == .connected)
        #expect(connected.remoteAddress?.hasPrefix("127.0.0.1:") == true)

        sender.close()
        #expect(await eventually { events.recorded.count == 2 })
        let disconnected = try #require(events.recorded.last)
        #expect(disconnected.kind == .disconnected)
        #expect(disconnected.pipeID == connected.pipeID)
        #expect(disconnected.remoteAddress == connected.remoteAddress)
    }

    @Test func dialerSeesItsLinkComeUp() async throws {
        let server = try ReplyServer(handler: echo)
        let listener = try server.listen(url: loopback())
        let client = try RequestClient()
        let events = Recorder(client.pipeEvents)
        try client.dial(url: listener.url)
        #expect(await eventually { events.recorded.contains { $0.kind == .connected } })
        #expect(events.recorded.first?.remoteAddress == "127.0.0.1:\(listener.port ?? -1)")
        await server.close()
        #expect(await eventually { events.recorded.contains { $0.kind == .disconnected } })
    }

    @Test func eventStreamFinishesOnClose() async throws {
        let receiver = try PairSocket()
        let events = receiver.pipeEvents
        receiver.close()
        let ended = await Task {
            for await _ in events {}
            return true
        }.value
        #expect(ended)
    }
}
