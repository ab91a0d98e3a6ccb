import CNNG

/// The reply side of request/reply (NNG rep0): answers every request with its handler's bytes.
///
/// Requests are served concurrently by a fixed set of NNG contexts, each driven by one task
/// that receives a request, awaits the handler and sends the reply; there is no thread per
/// request. Further requests wait in NNG until a context is free. Each reply goes to the
/// client and request it answers. Safe to use from any task.
public final class ReplyServer: Sendable {
    /// Turns one request into its reply. Runs concurrently with other requests.
    public typealias Handler = @Sendable ([UInt8]) async -> [UInt8]

    private let socket: NNGSocket
    private let workers: [ReplyWorker]
    private let tasks: [Task<Void, Never>]

    /// Opens a rep0 socket and starts serving; call ``listen(url:tls:)`` to accept clients.
    /// - Parameters:
    ///   - concurrency: How many requests are handled at once (one NNG context each).
    ///   - options: Honours ``SocketOptions/maxReceiveSize``.
    ///   - handler: Computes each reply.
    public init(
        concurrency: Int = 32,
        options: SocketOptions = SocketOptions(),
        handler: @escaping Handler
    ) throws(NNGError) {
        let socket = try NNGSocket(protocol: "rep0", options: options) { nng_rep0_open($0) }
        var workers: [ReplyWorker] = []
        do throws(NNGError) {
            for _ in 0..<max(1, concurrency) {
                workers.append(try ReplyWorker(socket: socket.id))
            }
        } catch {
            socket.close()
            throw error
        }
        self.socket = socket
        self.workers = workers
        self.tasks = workers.map { worker in Task { await worker.run(handler: handler) } }
    }

    deinit {
        self.socket.close()
    }

    /// Peers connecting and disconnecting; finishes when the server closes.
    public var pipeEvents: AsyncStream<PipeEvent> {
        self.socket.pipeEvents
    }

    /// Starts accepting clients at `url` (`tcp://127.0.0.1:PORT`, `ipc:///path`,
    /// `tls+tcp://HOST:PORT`); port 0 picks a free port, reported in the result.
    /// - Parameter tls: A server configuration, required for `tls+tcp://`.
    public func listen(url: String, tls: TLSConfiguration? = nil) throws(NNGError) -> Listener {
        try self.socket.listen(url: url, tls: tls)
    }

    /// Shuts down gracefully: stops taking requests, lets the handlers in progress finish and
    /// send their replies, then closes the socket. Requests not yet taken go unanswered, so
    /// their clients time out or resend elsewhere.
    /// - Warning: Waits for every running handler; a handler that never returns blocks this.
    public func close() async {
        for worker in self.workers {
            worker.stop()
        }
        for task in self.tasks {
            await task.value
        }
        self.socket.close()
    }
}
