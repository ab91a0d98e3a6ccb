import QPITesting
import QPITransport
import Testing

/// What every message socket does, shown on the pair sockets the QPU links use: order,
/// buffering until a peer connects, timeouts, the end of the message sequence on close, a
/// receiver that survives an oversized message, and option checks.
struct MessageSocketTests {
    @Test func messagesArriveInOrder() async throws {
        let (sender, receiver) = try connectedPair()
        let count = 2_000
        let sending = Task {
            for index in 0..<count {
                try await sender.send(Self.encode(index), timeout: .seconds(10))
            }
        }
        var received: [Int] = []
        for _ in 0..<count {
            received.append(Self.decode(try await receiver.receive(timeout: .seconds(10))))
        }
        try await sending.value
        #expect(received == Array(0..<count))
    }

    @Test func sendBufferHoldsMessagesUntilAPeerConnects() async throws {
        let sender = try PairSocket(options: SocketOptions(sendBufferDepth: 1024))
        let listener = try sender.listen(url: loopback())
        for index in 0..<200 {
            try await sender.send(Self.encode(index), timeout: .seconds(1))
        }
        let receiver = try PairSocket()
        try receiver.dial(url: listener.url)
        var received: [Int] = []
        for _ in 0..<200 {
            received.append(Self.decode(try await receiver.receive(timeout: .seconds(5))))
        }
        #expect(received == Array(0..<200))
    }

    @Test func sendWithoutBufferOrPeerTimesOut() async throws {
        let sender = try PairSocket()
        _ = try sender.listen(url: loopback())
        let error = await #expect(throws: NNGError.self) {
            try await sender.send([1], timeout: .milliseconds(100))
        }
        #expect(error?.code == .timedOut)
    }

    @Test func receiveTimesOut() async throws {
        let receiver = try PairSocket()
        _ = try receiver.listen(url: loopback())
        let error = await #expect(throws: NNGError.self) {
            try await receiver.receive(timeout: .milliseconds(100))
        }
        #expect(error?.code == .timedOut)
    }

    @Test func messageSequenceEndsWhenSocketCloses() async throws {
        let directory = try TemporaryDirectory()
        let receiver = try PairSocket()
        let listener = try receiver.listen(url: "ipc://\(directory.path(of: "pair.sock"))")
        let sender = try PairSocket()
        try sender.dial(url: listener.url)
        let recorder = Recorder(receiver.messages)
        for index in 0..<3 {
            try await sender.send([UInt8(index)], timeout: .seconds(5))
        }
        #expect(await eventually { recorder.recorded.count == 3 })
        receiver.close()
        #expect(recorder.recorded == [[0], [1], [2]])
        let ended = try await Task {
            var iterator = receiver.messages.makeAsyncIterator()
            return try await iterator.next() == nil
        }.value
        #expect(ended)
    }

    @Test func receiverSurvivesOversizedMessage() async throws {
        let receiver = try PairSocket(options: SocketOptions(maxReceiveSize: 100))
        let listener = try receiver.listen(url: loopback())
        let sender = try PairSocket(options: SocketOptions(reconnectMinimum: .milliseconds(10)))
        try sender.dial(url: listener.url)
        try await sender.send([UInt8](repeating: 1, count: 1000), timeout: .seconds(5))
        // NNG dropped the big message with its connection; the sender reconnects.
        var received: [UInt8] = []
        let deadline = ContinuousClock.now + .seconds(30)
        while received.isEmpty, ContinuousClock.now < deadline {
            try await sender.send([2], timeout: .seconds(5))
            received = (try? await receiver.receive(timeout: .milliseconds(50))) ?? []
        }
        #expect(received == [2], "no message after the sender reconnected, within 30 s")
    }

    @Test func outOfRangeOptionIsRejected() {
        let error = #expect(throws: NNGError.self) {
            try PairSocket(options: SocketOptions(sendBufferDepth: 100_000))
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
