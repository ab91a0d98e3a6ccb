import QPITesting
import QPITransport
import Testing

struct PushPullTests {
    @Test func messagesArriveInOrder() async throws {
        let pull = try PullSocket(options: SocketOptions(receiveBufferDepth: 1024))
        let listener = try pull.listen(url: loopback())
        let push = try PushSocket(options: SocketOptions(sendBufferDepth: 1024))
        try push.dial(url: listener.url)
        let count = 2_000
        let sender = Task {
            for index in 0..<count {
                try await push.send(Self.encode(index), timeout: .seconds(10))
            }
        }
        var received: [Int] = []
        for _ in 0..<count {
            received.append(Self.decode(try await pull.receive(timeout: .seconds(10))))
        }
        try await sender.value
        #expect(received == Array(0..<count))
    }

    @Test func sendBufferHoldsMessagesUntilAPullerConnects() async throws {
        let push = try PushSocket(options: SocketOptions(sendBufferDepth: 1024))
        let listener = try push.listen(url: loopback())
        for index in 0..<200 {
            try await push.send(Self.encode(index), timeout: .seconds(1))
        }
        let pull = try PullSocket()
        try pull.dial(url: listener.url)
        var received: [Int] = []
        for _ in 0..<200 {
            received.append(Self.decode(try await pull.receive(timeout: .seconds(5))))
        }
        #expect(received == Array(0..<200))
    }

    @Test func sendWithoutBufferOrPullerTimesOut() async throws {
        let push = try PushSocket()
        _ = try push.listen(url: loopback())
        let error = await #expect(throws: NNGError.self) {
            try await push.send([1], timeout: .milliseconds(100))
        }
        #expect(error?.code == .timedOut)
    }

    @Test func receiveTimesOut() async throws {
        let pull = try PullSocket()
        _ = try pull.listen(url: loopback())
        let error = await #expect(throws: NNGError.self) {
            try await pull.receive(timeout: .milliseconds(100))
        }
        #expect(error?.code == .timedOut)
    }

    @Test func messageSequenceEndsWhenSocketCloses() async throws {
        let directory = try TemporaryDirectory()
        let pull = try PullSocket()
        let listener = try pull.listen(url: "ipc://\(directory.path(of: "pull.sock"))")
        let push = try PushSocket()
        try push.dial(url: listener.url)
        let recorder = Recorder(pull.messages)
        for index in 0..<3 {
            try await push.send([UInt8(index)], timeout: .seconds(5))
        }
        #expect(await eventually { recorder.recorded.count == 3 })
        pull.close()
        #expect(recorder.recorded == [[0], [1], [2]])
        let ended = try await Task {
            var iterator = pull.messages.makeAsyncIterator()
            return try await iterator.next() == nil
        }.value
        #expect(ended)
    }

    @Test func pullerSurvivesOversizedMessage() async throws {
        let pull = try PullSocket(options: SocketOptions(maxReceiveSize: 100))
        let listener = try pull.listen(url: loopback())
        let push = try PushSocket(options: SocketOptions(reconnectMinimum: .milliseconds(10)))
        try push.dial(url: listener.url)
        try await push.send([UInt8](repeating: 1, count: 1000), timeout: .seconds(5))
        // NNG dropped the big message with its connection; the pusher reconnects.
        var received: [UInt8] = []
        let deadline = ContinuousClock.now + .seconds(30)
        while received.isEmpty, ContinuousClock.now < deadline {
            try await push.send([2], timeout: .seconds(5))
            received = (try? await pull.receive(timeout: .milliseconds(50))) ?? []
        }
        #expect(received == [2], "no message after the pusher reconnected, within 30 s")
    }

    @Test func outOfRangeOptionIsRejected() {
        let error = #expect(throws: NNGError.self) {
            try PushSocket(options: SocketOptions(sendBufferDepth: 100_000))
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.subject == "send-buffer")
    }

    private static func encode(_ value: Int) -> [UInt8] {
        withUnsafeBytes(of: UInt32(value).bigEndian) { Array($0) }
    }

    private static func decode(_ bytes: [UInt8]) -> Int {
        bytes.reduce(0) { $0 << 8 | Int($1) }
    }
}
