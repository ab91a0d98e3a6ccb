import CNNG

/// One-to-one, two-way messaging (NNG pair1): a listener takes a single peer at a time,
/// and a second peer is refused until the first disconnects.
///
/// QPU links use it: the controller listens on the QPU's port and exactly one node
/// daemon talks to it. Safe to use from any task.
public final class PairSocket: Sendable {
    private let socket: NNGSocket

    /// Opens a pair1 socket.
    /// - Parameter options: Honours buffer depths, ``SocketOptions/maxReceiveSize`` and the
    ///   reconnect options.
    public init(options: SocketOptions = SocketOptions()) throws(NNGError) {
        self.socket = try NNGSocket(protocol: "pair1", options: options) { nng_pair1_open($0) }
    }

    /// The peer connecting and disconnecting; finishes when the socket closes.
    public var pipeEvents: AsyncStream<PipeEvent> {
        self.socket.pipeEvents
    }

    /// Accepts a peer at `url`; port 0 picks a free port, reported in the result.
    /// - Parameter tls: A server configuration, required for `tls+tcp://`.
    public func listen(url: String, tls: TLSConfiguration? = nil) throws(NNGError) -> Listener {
        try self.socket.listen(url: url, tls: tls)
    }

    /// Connects to the peer at `url`, reconnecting when the link drops.
    /// - Parameters:
    ///   - tls: A client configuration, required for `tls+tcp://`.
    ///   - waitForConnection: false (the default) returns at once and connects whenever the
    ///     peer is up; true makes the first attempt now and throws its failure.
    public func dial(url: String, tls: TLSConfiguration? = nil, waitForConnection: Bool = false) throws(NNGError) {
        try self.socket.dial(url: url, tls: tls, waitForConnection: waitForConnection)
    }

    /// Queues `bytes` for the peer; with no peer connected, waits up to `timeout`.
    /// - Throws: ``NNGError`` (`.timedOut`, `.closed`) or `CancellationError`.
    public func send(_ bytes: [UInt8], timeout: Duration? = nil) async throws {
        try await self.socket.sendMessage(bytes, timeout: timeout)
    }

    /// The next message from the peer.
    /// - Parameter timeout: How long to wait; nil waits forever.
    /// - Throws: ``NNGError`` (`.timedOut`, `.closed`) or `CancellationError`.
    public func receive(timeout: Duration? = nil) async throws -> [UInt8] {
        try await self.socket.receiveMessage(timeout: timeout)
    }

    /// Closes the socket; waiting operations fail with `.closed`. Also happens on deinit.
    public func close() {
        self.socket.close()
    }
}
