import CNNG

/// An NNG messaging pattern that a ``MessageSocket`` speaks.
public protocol MessagePattern: Sendable {
    /// NNG's name for the protocol, such as `pair1`.
    static var protocolName: String { get }
}

/// Patterns whose sockets send messages.
public protocol SendingPattern: MessagePattern {}

/// Patterns whose sockets receive messages.
public protocol ReceivingPattern: MessagePattern {}

/// One-to-one, two-way messaging (NNG pair1): a listener takes a single peer at a time,
/// and a second peer is refused until the first disconnects. QPU links use it.
public enum PairPattern: SendingPattern, ReceivingPattern {
    public static let protocolName = "pair1"
}

public typealias PairSocket = MessageSocket<PairPattern>

/// A socket of one messaging pattern: listening, dialing, peer events and closing are the
/// same for all; sending and receiving exist where the pattern has them. Safe to use from
/// any task.
public final class MessageSocket<Pattern: MessagePattern>: Sendable {
    let socket: NNGSocket

    /// Opens a socket of the pattern.
    /// - Parameter options: Buffer depths (about 1,024 gives the best throughput),
    ///   ``SocketOptions/maxReceiveSize`` and the reconnect options.
    public init(options: SocketOptions = SocketOptions()) throws(NNGError) {
        self.socket = try NNGSocket(protocol: Pattern.protocolName, options: options) { id in
            nng_pair1_open(id)
        }
    }

    /// Peers connecting and disconnecting; finishes when the socket closes.
    public var pipeEvents: AsyncStream<PipeEvent> {
        self.socket.pipeEvents
    }

    /// Accepts peers at `url`; port 0 picks a free port, reported in the result.
    /// - Parameter tls: A server configuration, required for `tls+tcp://`.
    public func listen(url: String, tls: TLSConfiguration? = nil) throws(NNGError) -> Listener {
        try self.socket.listen(url: url, tls: tls)
    }

    /// Connects to a peer at `url`, reconnecting when the link drops.
    /// - Parameters:
    ///   - tls: A client configuration, required for `tls+tcp://`.
    ///   - waitForConnection: false (the default) returns at once and connects whenever the
    ///     peer is up; true makes the first attempt now and throws its failure.
    public func dial(url: String, tls: TLSConfiguration? = nil, waitForConnection: Bool = false) throws(NNGError) {
        try self.socket.dial(url: url, tls: tls, waitForConnection: waitForConnection)
    }

    /// Closes the socket; waiting operations fail with `.closed` and buffered messages may
    /// be lost. Also happens on deinit.
    public func close() {
        self.socket.close()
    }
}

extension MessageSocket where Pattern: SendingPattern {
    /// Queues `bytes` for a peer; returns once NNG has taken the message (delivery is not
    /// acknowledged).
    /// - Parameter timeout: How long to wait for buffer space or a peer; nil waits forever.
    /// - Throws: ``NNGError`` (`.timedOut`, `.closed`) or `CancellationError`.
    public func send(_ bytes: [UInt8], timeout: Duration? = nil) async throws {
        try await self.socket.sendMessage(bytes, timeout: timeout)
    }
}

extension MessageSocket where Pattern: ReceivingPattern {
    /// The next message.
    /// - Parameter timeout: How long to wait; nil waits forever.
    /// - Throws: ``NNGError`` (`.timedOut`, `.closed`) or `CancellationError`.
    public func receive(timeout: Duration? = nil) async throws -> [UInt8] {
        try await self.socket.receiveMessage(timeout: timeout)
    }

    /// The next message and the ``PipeEvent/pipeID`` of the peer connection it came over,
    /// for a listener that must tell its peers apart.
    /// - Parameter timeout: How long to wait; nil waits forever.
    /// - Throws: ``NNGError`` (`.timedOut`, `.closed`) or `CancellationError`.
    public func receiveWithPipe(timeout: Duration? = nil) async throws -> (bytes: [UInt8], pipeID: Int) {
        try await self.socket.receiveMessageWithPipe(timeout: timeout)
    }

    /// A message already received and waiting, with its pipe, or nil at once when none is:
    /// for a reader that handles what has piled up together.
    /// - Throws: ``NNGError`` (`.closed`).
    public func receiveIfReadyWithPipe() throws -> (bytes: [UInt8], pipeID: Int)? {
        try self.socket.receiveMessageIfReady()
    }

    /// Drops one peer's connection (a ``PipeEvent/pipeID``); its `disconnected` event follows.
    public func closePipe(_ pipeID: Int) {
        self.socket.closePipe(pipeID)
    }

    /// Runs `hook` with the ``PipeEvent/pipeID`` of each new connection, on NNG's thread,
    /// before the pattern takes it: a pair listener may ``closePipe(_:)`` its current peer
    /// there to let the newcomer in, where pair1 would refuse it. Keep it short; it must not
    /// wait for anything.
    public func beforeAdmitting(_ hook: @escaping @Sendable (_ pipeID: Int) -> Void) {
        self.socket.beforeAdmitting(hook)
    }

    /// Messages as they arrive; the sequence ends when the socket closes.
    public var messages: Messages {
        Messages(socket: self)
    }

    /// The messages of a socket as an `AsyncSequence`, ending when the socket closes.
    public struct Messages: AsyncSequence, Sendable {
        public typealias Element = [UInt8]

        let socket: MessageSocket

        public func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(socket: self.socket)
        }

        /// Receives one message per `next()`.
        public struct AsyncIterator: AsyncIteratorProtocol {
            let socket: MessageSocket

            /// The next message, or nil once the socket is closed.
            public mutating func next() async throws -> [UInt8]? {
                do {
                    return try await self.socket.receive()
                } catch let error as NNGError where error.code == .closed {
                    return nil
                }
            }
        }
    }
}
