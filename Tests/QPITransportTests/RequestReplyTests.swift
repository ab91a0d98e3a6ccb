import QPITesting
import QPITransport
import Synchronization
import Testing

struct RequestReplyTests {
    @Test func roundTripOverTCP() async throws {
        let server = try ReplyServer(handler: echo)
        let listener = try server.listen(url: loopback())
        #expect(listener.port != nil && listener.port != 0)
        let client = try RequestClient()
        try client.dial(url: listener.url)
        let reply = try await client.request(Array("ping".utf8), timeout: .seconds(5))
        #expect(reply == Array("re:ping".utf8))
        await server.close()
    }

    @Test func roundTripOverIPC() async throws {
        let directory = try TemporaryDirectory()
        let server = try ReplyServer(handler: echo)
        let listener = try server.listen(url: "ipc://\(directory.path(of: "rep.sock"))")
        #expect(listener.port == nil)
        let client = try RequestClient()
        try client.dial(url: listener.url)
        #expect(try await client.request([1, 2, 3], timeout: .seconds(5)) == Array("re:".utf8) + [1, 2, 3])
        #expect(try await client.request([], timeout: .seconds(5)) == Array("re:".utf8))
        await server.close()
    }

    @Test func clientMayStartBeforeServer() async throws {
        let directory = try TemporaryDirectory()
        let url = "ipc://\(directory.path(of: "late.sock"))"
        let client = try RequestClient(options: SocketOptions(reconnectMinimum: .milliseconds(10)))
        try client.dial(url: url)
        let server = try ReplyServer(handler: echo)
        _ = try server.listen(url: url)
        #expect(try await client.request([42], timeout: .seconds(5)) == Array("re:".utf8) + [42])
        await server.close()
    }

    @Test func requestTimesOutWithoutServer() async throws {
        let directory = try TemporaryDirectory()
        let client = try RequestClient()
        try client.dial(url: "ipc://\(directory.path(of: "nobody.sock"))")
        let start = ContinuousClock.now
        let error = await #expect(throws: NNGError.self) {
            try await client.request([1], timeout: .milliseconds(200))
        }
        #expect(error?.code == .timedOut)
        // Bounded by the timeout, not the machine: only a wait that ignored it takes this long.
        let waited = ContinuousClock.now - start
        #expect(waited < .seconds(30), "a request with a 200 ms timeout waited \(waited)")
    }

    @Test func blockingDialReportsRefusal() throws {
        let directory = try TemporaryDirectory()
        let client = try RequestClient()
        let error = #expect(throws: NNGError.self) {
            try client.dial(url: "ipc://\(directory.path(of: "nobody.sock"))", waitForConnection: true)
        }
        #expect(error?.code == .connectionRefused)
    }

    @Test func requestAfterCloseFailsAsClosed() async throws {
        let client = try RequestClient()
        client.close()
        let error = await #expect(throws: NNGError.self) {
            try await client.request([1], timeout: .seconds(1))
        }
        #expect(error?.code == .closed)
    }

    @Test func cancellingTheTaskCancelsTheRequest() async throws {
        let directory = try TemporaryDirectory()
        let client = try RequestClient()
        try client.dial(url: "ipc://\(directory.path(of: "nobody.sock"))")
        let request = Task { try await client.request([1], timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(50))
        request.cancel()
        let start = ContinuousClock.now
        await #expect(throws: CancellationError.self) { try await request.value }
        #expect(ContinuousClock.now - start < .seconds(3))
    }

    @Test func concurrentRequestsFromSeveralClientsGetTheirOwnReplies() async throws {
        // Handlers finish out of order, so a reply matched to the wrong request would show.
        let server = try ReplyServer(concurrency: 16) { request in
            if request.last.map({ $0 % 3 == 0 }) == true {
                try? await Task.sleep(for: .milliseconds(2))
            }
            return request.reversed()
        }
        let listener = try server.listen(url: loopback())
        let clients = try (0..<4).map { _ in try RequestClient() }
        for client in clients {
            try client.dial(url: listener.url)
        }
        let mismatches = try await withThrowingTaskGroup(of: Int.self) { group in
            for (clientIndex, client) in clients.enumerated() {
                for stream in 0..<8 {
                    group.addTask {
                        var mismatches = 0
                        for index in 0..<50 {
                            let request = Array("c\(clientIndex) s\(stream) #\(index)".utf8)
                            let reply = try await client.request(request, timeout: .seconds(10))
                            mismatches += reply == request.reversed() ? 0 : 1
                        }
                        return mismatches
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(mismatches == 0)
        await server.close()
    }

    @Test func serverSurvivesOversizedRequest() async throws {
        let server = try ReplyServer(options: SocketOptions(maxReceiveSize: 1024), handler: echo)
        let listener = try server.listen(url: loopback())
        let big = try RequestClient()
        try big.dial(url: listener.url)
        let error = await #expect(throws: NNGError.self) {
            try await big.request([UInt8](repeating: 7, count: 64 * 1024), timeout: .milliseconds(300))
        }
        #expect(error?.code == .timedOut)

        let small = try RequestClient()
        try small.dial(url: listener.url)
        #expect(try await small.request([1], timeout: .seconds(5)) == Array("re:".utf8) + [1])
        #expect(try await big.request([2], timeout: .seconds(5)) == Array("re:".utf8) + [2])
        await server.close()
    }

    @Test func serverSurvivesClientLeavingMidRequest() async throws {
        let started = Mutex(0)
        let server = try ReplyServer { request in
            started.withLock { $0 += 1 }
            if request == Array("slow".utf8) {
                try? await Task.sleep(for: .milliseconds(300))
            }
            return request
        }
        let listener = try server.listen(url: loopback())
        let leaving = try RequestClient()
        try leaving.dial(url: listener.url)
        let abandoned = Task { try await leaving.request(Array("slow".utf8), timeout: .seconds(5)) }
        #expect(await eventually { started.withLock { $0 } == 1 })
        leaving.close()
        await #expect(throws: NNGError.self) { try await abandoned.value }

        try await Task.sleep(for: .milliseconds(400))  // the slow reply goes nowhere meanwhile
        let staying = try RequestClient()
        try staying.dial(url: listener.url)
        #expect(try await staying.request([5], timeout: .seconds(5)) == [5])
        await server.close()
    }

    @Test func closeLetsRunningHandlersReply() async throws {
        let started = Mutex(false)
        let server = try ReplyServer { request in
            started.withLock { $0 = true }
            try? await Task.sleep(for: .milliseconds(200))
            return request
        }
        let listener = try server.listen(url: loopback())
        let client = try RequestClient()
        try client.dial(url: listener.url)
        let inFlight = Task { try await client.request([9], timeout: .seconds(5)) }
        #expect(await eventually { started.withLock { $0 } })
        await server.close()
        #expect(try await inFlight.value == [9])
        let error = await #expect(throws: NNGError.self) {
            try await client.request([10], timeout: .milliseconds(200))
        }
        #expect(error?.code == .timedOut)
    }
}
