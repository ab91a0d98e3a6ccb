import QPITesting
import QPITransport
import Synchronization
import Testing

struct DetachTests {
    /// Requests that start with 1 wait until released; they detach when the test says so.
    final class Release: Sendable {
        private let released = Mutex(false)
        private let arrived = Mutex(0)
        func open() { self.released.withLock { $0 = true } }
        var isOpen: Bool { self.released.withLock { $0 } }
        func arrive() { self.arrived.withLock { $0 += 1 } }
        var arrivals: Int { self.arrived.withLock { $0 } }
    }

    static func serve(concurrency: Int, maxDetached: Int, detach: Bool, release: Release) throws -> ReplyServer {
        try ReplyServer(concurrency: concurrency, maxDetached: maxDetached) { request, lease in
            guard request.first == 1 else { return Array("re:".utf8) + request }
            release.arrive()
            let detached = detach && lease.detach()
            while !release.isOpen { try? await Task.sleep(for: .milliseconds(10)) }
            return detached ? Array("detached".utf8) : Array("held".utf8)
        }
    }

    /// `count` slow requests in flight, then a quick one: how long the quick one took.
    static func quickAfterSlow(_ server: ReplyServer, count: Int, release: Release) async throws -> (
        quick: Duration?, slow: [String]
    ) {
        let listener = try server.listen(url: loopback())
        let client = try RequestClient()
        let connection = Recorder(client.pipeEvents)
        try client.dial(url: listener.url, waitForConnection: true)
        let slow = Task {
            try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<count {
                    group.addTask {
                        String(decoding: try await client.request([1], timeout: .seconds(20)), as: UTF8.self)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        // Every slow request holds its place before the quick one is sent.
        let deadline = ContinuousClock.now + .seconds(10)
        while release.arrivals < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let start = ContinuousClock.now
        let quick = try? await client.request([2], timeout: .seconds(2))
        let took = quick == nil ? nil : ContinuousClock.now - start
        release.open()
        let replies = try await slow.value
        // The quick request's late reply may still be on its way. NNG 1.5.2 can hang for good
        // when a TCP connection is closed while a message is half read (its TCP transport starts
        // the body read on a closed aio, which never completes), so the server closes first and
        // the client closes only once it has seen the connection go.
        await server.close()
        let disconnected = await eventually(within: .seconds(30)) {
            connection.recorded.contains { $0.kind == .disconnected }
        }
        client.close()
        #expect(disconnected, "the client did not see the closed server's connection go within 30 s")
        return (took, replies)
    }

    @Test func detachedRequestsLeaveTheContextsToOthers() async throws {
        let release = Release()
        let server = try Self.serve(concurrency: 4, maxDetached: 16, detach: true, release: release)
        let (quick, slow) = try await Self.quickAfterSlow(server, count: 12, release: release)
        #expect(quick != nil, "a quick request waited behind twelve detached ones")
        #expect(slow == Array(repeating: "detached", count: 12))
    }

    @Test func beyondTheDetachedLimitRequestsKeepTheirContexts() async throws {
        let release = Release()
        let server = try Self.serve(concurrency: 4, maxDetached: 2, detach: true, release: release)
        let (quick, slow) = try await Self.quickAfterSlow(server, count: 6, release: release)
        #expect(quick == nil, "six slow requests fill two detached places and four contexts")
        #expect(slow.filter { $0 == "detached" }.count == 2 && slow.filter { $0 == "held" }.count == 4, "\(slow)")
    }
}
