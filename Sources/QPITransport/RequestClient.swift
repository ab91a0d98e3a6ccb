import CNNG

/// The request side of request/reply (NNG req0): sends a request and awaits its reply.
///
/// Safe for concurrent use: every ``request(_:timeout:)`` opens its own NNG context, so
/// replies never cross between callers.
public final class RequestClient: Sendable {
    private let socket: NNGSocket
    private let resendInterval: Duration?

    /// Opens a req0 socket; call ``dial(url:tls:)`` before or after the server is up.
    /// - Parameters:
    ///   - options: Honours ``SocketOptions/maxReceiveSize`` and the reconnect options.
    ///   - resendInterval: How long to wait for a reply before sending the request again, for
    ///     example to a server that restarted (NNG's default: 1 minute).
    public init(options: SocketOptions = SocketOptions(), resendInterval: Duration? = nil) throws(NNGError) {
        self.socket = try NNGSocket(protocol: "req0", options: options) { nng_req0_open($0) }
        self.resendInterval = resendInterval
    }

    /// Connection events of this client's dialers; finishes when the client closes.
    public var pipeEvents: AsyncStream<PipeEvent> {
        self.socket.pipeEvents
    }

    /// Starts connecting to a server at `url` in the background and returns at once; requests
    /// wait for the connection, and NNG reconnects after losing it.
    /// - Parameter tls: A client configuration, required for `tls+tcp://`.
    public func dial(url: String, tls: TLSConfiguration? = nil) throws(NNGError) {
        try self.socket.dial(url: url, tls: tls)
    }

    /// Sends `bytes` and returns the server's reply.
    ///
    /// - Parameter timeout: The whole wait, sending included; it also covers waiting for a
    ///   first connection.
    /// - Throws: ``NNGError`` (`.timedOut` when no reply came in time, `.closed` after
    ///   ``close()``), or `CancellationError` when the task is cancelled.
    public func request(_ bytes: [UInt8], timeout: Duration) async throws -> [UInt8] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var context = nng_ctx()
        try check(nng_ctx_open(&context, self.socket.id)) { .contextOpen($0) }
        defer { nng_ctx_close(context) }
        if let resendInterval = self.resendInterval {
            try check(nng_ctx_set_ms(context, NNG_OPT_REQ_RESENDTIME, resendInterval.nngMilliseconds)) {
                .contextSet($0, option: NNG_OPT_REQ_RESENDTIME)
            }
        }
        let aio = try AsyncIO()
        aio.setMessage(try NNGMessage.make(bytes))

        let sent = await aio.run(timeout: timeout) { nng_ctx_send(context, $0) }
        if sent != 0 {
            aio.discardMessage()
            throw Self.failure(sent, .contextSend(sent))
        }
        let received = await aio.run(timeout: deadline - clock.now) { nng_ctx_recv(context, $0) }
        guard received == 0, let reply = aio.takeMessage() else {
            throw Self.failure(received, .contextReceive(received))
        }
        return NNGMessage.consume(reply)
    }

    /// Closes the socket; requests in flight fail with `.closed`. Also happens on deinit.
    public func close() {
        self.socket.close()
    }

    /// `CancellationError` for an operation cancelled with its task, `error` otherwise.
    static func failure(_ number: Int32, _ error: NNGError) -> any Error {
        number == .nngCanceled && Task.isCancelled ? CancellationError() : error
    }
}
