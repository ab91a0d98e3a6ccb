import CNNG
import Synchronization

/// The request side of request/reply (NNG req0): sends a request and awaits its reply.
///
/// Safe for concurrent use: every ``request(_:timeout:)`` in flight has its own NNG context,
/// so replies never cross between callers.
public final class RequestClient: Sendable {
    /// Idle contexts kept for reuse, so a steady stream of requests opens none.
    private static let maxIdleContexts = 64

    private let socket: NNGSocket
    private let resendInterval: Duration?
    private let idleContexts = Mutex<[RequestContext]>([])

    /// Opens a req0 socket; call ``dial(url:tls:waitForConnection:)`` before or after the server is up.
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

    /// Connects to a server at `url`; NNG reconnects after losing it.
    /// - Parameters:
    ///   - tls: A client configuration, required for `tls+tcp://`.
    ///   - waitForConnection: false (the default) returns at once, so a client may start
    ///     before its server; requests wait for the connection. true makes the first attempt
    ///     now and throws its failure (`.connectionRefused`, `.cryptographic`, …).
    public func dial(url: String, tls: TLSConfiguration? = nil, waitForConnection: Bool = false) throws(NNGError) {
        try self.socket.dial(url: url, tls: tls, waitForConnection: waitForConnection)
    }

    /// Sends `bytes` and returns the server's reply.
    ///
    /// - Parameter timeout: The whole wait, sending included; it also covers waiting for a
    ///   first connection.
    /// - Throws: ``NNGError`` (`.timedOut` when no reply came in time, `.closed` after
    ///   ``close()``), or `CancellationError` when the task is cancelled.
    public func request(_ bytes: [UInt8], timeout: Duration) async throws -> [UInt8] {
        let context =
            try self.idleContexts.withLock { $0.popLast() }
            ?? RequestContext(socket: self.socket.id, resendInterval: self.resendInterval)
        switch await context.exchange(bytes, timeout: timeout) {
        case .success(let reply):
            self.idleContexts.withLock { idle in
                if idle.count < Self.maxIdleContexts {
                    idle.append(context)
                }
            }
            return reply
        case .failure(let error):
            // The context may still hold the abandoned request; let it close.
            throw error.reportedToTask
        }
    }

    /// Closes the socket; requests in flight fail with `.closed`. Also happens on deinit.
    public func close() {
        self.socket.close()
    }
}
