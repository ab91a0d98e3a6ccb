import QPITesting
import QPITransport
import Testing

/// The commands' direct connection to an NNG rep0 listener on a Unix socket, against the
/// real NNG listener the controller uses.
struct IPCRequestConnectionTests {
    @Test func requestsOnOneConnectionGetTheirRepliesFromAnNNGListener() async throws {
        let directory = try TemporaryDirectory()
        let server = try ReplyServer(handler: echo)
        let listener = try server.listen(url: "ipc://\(directory.path(of: "rep.sock"))")
        let connection = try IPCRequestConnection(path: directory.path(of: "rep.sock"), maxReplySize: 1 << 20)
        for index in 0..<20 {
            let request = Array("request \(index)".utf8)
            #expect(try await connection.request(request, timeout: .seconds(10)) == Array("re:".utf8) + request)
        }
        #expect(try await connection.request([], timeout: .seconds(10)) == Array("re:".utf8))
        let large = [UInt8](repeating: 7, count: 300_000)
        #expect(try await connection.request(large, timeout: .seconds(10)) == Array("re:".utf8) + large)
        #expect(listener.port == nil)
        await server.close()
    }

    @Test func concurrentCallersWaitTheirTurnAndGetTheirOwnReplies() async throws {
        let directory = try TemporaryDirectory()
        let server = try ReplyServer(concurrency: 8) { request in request.reversed() }
        _ = try server.listen(url: "ipc://\(directory.path(of: "rep.sock"))")
        let connection = try IPCRequestConnection(path: directory.path(of: "rep.sock"), maxReplySize: 1 << 20)
        let mismatches = try await withThrowingTaskGroup(of: Int.self) { group in
            for caller in 0..<4 {
                group.addTask {
                    var mismatches = 0
                    for index in 0..<25 {
                        let request = Array("caller \(caller) #\(index)".utf8)
                        let reply = try await connection.request(request, timeout: .seconds(10))
                        mismatches += reply == request.reversed() ? 0 : 1
                    }
                    return mismatches
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(mismatches == 0)
        await server.close()
    }

    @Test func aLateReplyTimesOutAndTheNextRequestConnectsAgain() async throws {
        let directory = try TemporaryDirectory()
        let server = try ReplyServer(concurrency: 4) { request in
            if request == Array("slow".utf8) { try? await Task.sleep(for: .seconds(2)) }
            return Array("re:".utf8) + request
        }
        _ = try server.listen(url: "ipc://\(directory.path(of: "rep.sock"))")
        let connection = try IPCRequestConnection(path: directory.path(of: "rep.sock"), maxReplySize: 1 << 20)
        let error = await #expect(throws: IPCRequestError.self) {
            try await connection.request(Array("slow".utf8), timeout: .milliseconds(100))
        }
        #expect(error?.kind == .timedOut)
        // The slow reply arrives on the abandoned connection, never as this request's.
        #expect(try await connection.request(Array("next".utf8), timeout: .seconds(10)) == Array("re:next".utf8))
        await server.close()
    }

    @Test func aReplyOverTheLimitIsRefusedBeforeItIsRead() async throws {
        let directory = try TemporaryDirectory()
        let server = try ReplyServer { _ in [UInt8](repeating: 1, count: 5_000) }
        _ = try server.listen(url: "ipc://\(directory.path(of: "rep.sock"))")
        let connection = try IPCRequestConnection(path: directory.path(of: "rep.sock"), maxReplySize: 4_096)
        let error = await #expect(throws: IPCRequestError.self) {
            try await connection.request([1], timeout: .seconds(10))
        }
        #expect(error?.kind == .protocolViolation)
        #expect(error?.message.contains("5000 bytes is over 4096") == true, "\(String(describing: error))")
        await server.close()
    }

    @Test func nothingListeningAndOverlongPathsAreUnreachable() throws {
        let directory = try TemporaryDirectory()
        let missing = #expect(throws: IPCRequestError.self) {
            try IPCRequestConnection(path: directory.path(of: "nobody.sock"), maxReplySize: 1024)
        }
        #expect(missing?.kind == .unreachable)
        #expect(missing?.message.contains("nobody.sock") == true)
        let overlong = #expect(throws: IPCRequestError.self) {
            try IPCRequestConnection(path: "/tmp/" + String(repeating: "x", count: 200), maxReplySize: 1024)
        }
        #expect(overlong?.kind == .unreachable)
        #expect(overlong?.message.contains("at most 107 bytes") == true, "\(String(describing: overlong))")
    }

    @Test func aListenerThatIsNotNNGRep0IsRefused() async throws {
        let directory = try TemporaryDirectory()
        // An NNG listener of another protocol: pair0 answers the header with its own number.
        let pair = try PairSocket()
        try pair.listen(url: "ipc://\(directory.path(of: "pair.sock"))")
        let error = #expect(throws: IPCRequestError.self) {
            try IPCRequestConnection(path: directory.path(of: "pair.sock"), maxReplySize: 1024)
        }
        #expect(error?.kind == .protocolViolation)
        #expect(error?.message.contains("does not answer as NNG rep0") == true, "\(String(describing: error))")
        pair.close()
    }
}

extension IPCRequestConnectionTests {
    /// A controller restarting between a command's connection and its request: as NNG's req0
    /// does, the request is sent again once the listener is back, within its timeout.
    @Test func aRequestWhoseListenerRestartsIsSentAgainWhenItIsBack() async throws {
        let directory = try TemporaryDirectory()
        let url = "ipc://\(directory.path(of: "rep.sock"))"
        let first = try ReplyServer(handler: echo)
        _ = try first.listen(url: url)
        let connection = try IPCRequestConnection(path: directory.path(of: "rep.sock"), maxReplySize: 1 << 20)
        #expect(try await connection.request(Array("before".utf8), timeout: .seconds(10)) == Array("re:before".utf8))
        await first.close()

        let restart = Task {
            try await Task.sleep(for: .milliseconds(300))
            let second = try ReplyServer { request in Array("again:".utf8) + request }
            _ = try second.listen(url: url)
            return second
        }
        let reply = try await connection.request(Array("after".utf8), timeout: .seconds(20))
        #expect(reply == Array("again:after".utf8))
        try await restart.value.close()
    }

    @Test func aListenerThatStaysAwayFailsTheRequestAtItsTimeout() async throws {
        let directory = try TemporaryDirectory()
        let server = try ReplyServer(handler: echo)
        _ = try server.listen(url: "ipc://\(directory.path(of: "rep.sock"))")
        let connection = try IPCRequestConnection(path: directory.path(of: "rep.sock"), maxReplySize: 1 << 20)
        await server.close()
        let error = await #expect(throws: IPCRequestError.self) {
            try await connection.request([1], timeout: .milliseconds(500))
        }
        #expect(error?.kind == .unreachable || error?.kind == .io, "\(String(describing: error))")
    }
}
