import QPITransport
import Synchronization

/// Waits until `condition` holds, checking every 10 ms for at most `limit`; returns whether
/// it held. Keeps every wait in these tests bounded.
func eventually(within limit: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while !condition() {
        guard ContinuousClock.now < deadline else { return false }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return true
}

/// Collects what an async sequence yields, for tests that check it with ``eventually``.
final class Recorder<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])
    private let task = Mutex<Task<Void, Never>?>(nil)

    init<Source: AsyncSequence & Sendable>(_ source: Source) where Source.Element == Element {
        let task = Task { [weak self] in
            do {
                for try await item in source {
                    self?.items.withLock { $0.append(item) }
                }
            } catch {}
        }
        self.task.withLock { $0 = task }
    }

    deinit {
        self.task.withLock { $0?.cancel() }
    }

    var recorded: [Element] {
        self.items.withLock { $0 }
    }
}

/// A free loopback TCP URL: NNG binds port 0 and reports the port.
func loopback(_ scheme: String = "tcp") -> String {
    "\(scheme)://127.0.0.1:0"
}

/// A pair socket listening on loopback and one dialled to it, each buffering 1,024 messages
/// its way, for tests that stream messages from `sender` to `receiver`.
func connectedPair() throws -> (sender: PairSocket, receiver: PairSocket) {
    let receiver = try PairSocket(options: SocketOptions(receiveBufferDepth: 1024))
    let listener = try receiver.listen(url: loopback())
    let sender = try PairSocket(options: SocketOptions(sendBufferDepth: 1024))
    try sender.dial(url: listener.url)
    return (sender, receiver)
}

/// An echo handler that tags replies, so a test can tell a reply from a stray request.
let echo: ReplyServer.Handler = { request in Array("re:".utf8) + request }
