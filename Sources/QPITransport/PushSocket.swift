import CNNG

/// The sending end of a pipeline (NNG push0): each message goes to one connected puller.
///
/// Messages from one sender arrive in the order sent. With no puller connected, or all
/// buffers full, ``send(_:timeout:)`` waits. Safe to use from any task.
public final class PushSocket: Sendable {
    private let socket: NNGSocket

    /// Opens a push0 socket.
    /// - Parameter options: Honours ``SocketOptions/sendBufferDepth`` (about 1,024 gives the
    ///   best throughput) and the reconnect options.
    public init(options: SocketOptions = SocketOptions()) throws(NNGError) {
        self.socket = try NNGSocket(protocol: "push0", options: options) { nng_push0_open($0) }
    }

    /// Pullers connecting and disconnecting; finishes when the socket closes.
    public var pipeEvents: AsyncStream<PipeEvent> {
        self.socket.pipeEvents
    }

    /// Accepts pullers at `url`; port 0 picks a free port, reported in the result.
    /// - Parameter tls: A server configuration, required for `tls+tcp://`.
    public func listen(url: String, tls: TLSConfiguration? = nil) throws(NNGError) -> Listener {
        try self.socket.listen(url: url, tls: tls)
    }

    /// Connects to a puller at `url`, reconnecting when the link drops.
    /// - Parameters:
    ///   - tls: A client configuration, required for `tls+tcp://`.
    ///   - waitForConnection: false (the default) returns at once and connects whenever the
    ///     puller is up; true makes the first attempt now and throws its failure.
    public func dial(url: String, tls: TLSConfiguration? = nil, waitForConnection: Bool = false) throws(NNGError) {
        try self.socket.dial(url: url, tls: tls, waitForConnection: waitForConnection)
    }

    /// Queues `bytes` for a puller.
    ///
    /// Returns once NNG has taken the message; delivery is not acknowledged.
    /// - Parameter timeout: How long to wait for buffer space or a puller; nil waits forever.
    /// - Throws: ``NNGError`` (`.timedOut`, `.closed`) or `CancellationError`.
    public func send(_ bytes: [UInt8], timeout: Duration? = nil) async throws {
        try await self.socket.sendMessage(bytes, timeout: timeout)
    }

    /// Closes the socket; messages still buffered may be lost. Also happens on deinit.
    public func close() {
        self.socket.close()
    }
}
