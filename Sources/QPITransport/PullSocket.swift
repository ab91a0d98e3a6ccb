import CNNG

/// The receiving end of a pipeline (NNG pull0): takes messages from every connected pusher.
///
/// Safe to use from any task; with several concurrent receivers each message goes to one.
public final class PullSocket: Sendable {
    private let socket: NNGSocket

    /// Opens a pull0 socket.
    /// - Parameter options: Honours ``SocketOptions/receiveBufferDepth``,
    ///   ``SocketOptions/maxReceiveSize`` and the reconnect options.
    public init(options: SocketOptions = SocketOptions()) throws(NNGError) {
        self.socket = try NNGSocket(protocol: "pull0", options: options) { nng_pull0_open($0) }
    }

    /// Pushers connecting and disconnecting; finishes when the socket closes.
    public var pipeEvents: AsyncStream<PipeEvent> {
        self.socket.pipeEvents
    }

    /// Accepts pushers at `url`; port 0 picks a free port, reported in the result.
    /// - Parameter tls: A server configuration, required for `tls+tcp://`.
    public func listen(url: String, tls: TLSConfiguration? = nil) throws(NNGError) -> Listener {
        try self.socket.listen(url: url, tls: tls)
    }

    /// Connects to a pusher at `url`, reconnecting when the link drops.
    /// - Parameters:
    ///   - tls: A client configuration, required for `tls+tcp://`.
    ///   - waitForConnection: false (the default) returns at once and connects whenever the
    ///     pusher is up; true makes the first attempt now and throws its failure.
    public func dial(url: String, tls: TLSConfiguration? = nil, waitForConnection: Bool = false) throws(NNGError) {
        try self.socket.dial(url: url, tls: tls, waitForConnection: waitForConnection)
    }

    /// The next message.
    /// - Parameter timeout: How long to wait; nil waits forever.
    /// - Throws: ``NNGError`` (`.timedOut`, `.closed`) or `CancellationError`.
    public func receive(timeout: Duration? = nil) async throws -> [UInt8] {
        try await self.socket.receiveMessage(timeout: timeout)
    }

    /// Messages as they arrive; the sequence ends when the socket closes.
    public var messages: Messages {
        Messages(socket: self)
    }

    /// Closes the socket; waiting receives fail with `.closed`. Also happens on deinit.
    public func close() {
        self.socket.close()
    }
}

extension PullSocket {
    /// The messages of a ``PullSocket`` as an `AsyncSequence`, ending when the socket closes.
    public struct Messages: AsyncSequence, Sendable {
        public typealias Element = [UInt8]

        let socket: PullSocket

        public func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(socket: self.socket)
        }

        /// Receives one message per `next()`.
        public struct AsyncIterator: AsyncIteratorProtocol {
            let socket: PullSocket

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
