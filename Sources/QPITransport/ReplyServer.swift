import CNNG
import Synchronization

/// The reply side of request/reply (NNG rep0): answers every request with its handler's bytes.
///
/// Requests are served concurrently by a fixed set of NNG contexts, each driven by one task
/// that receives a request, awaits the handler and sends the reply; there is no thread per
/// request. Further requests wait in NNG until a context is free. Each reply goes to the
/// client and request it answers. Safe to use from any task.
///
/// A handler that will take long (a client waiting for a job to end) can ``ReplyLease/detach()``:
/// its context then leaves the fixed set, a fresh one takes its place, and the detached one
/// closes once it has replied. Up to `maxDetached` requests are detached at once, so waiting
/// clients never keep the fixed set from serving everyone else.
public final class ReplyServer: Sendable {
    /// Turns one request into its reply. Runs concurrently with other requests.
    public typealias Handler = @Sendable ([UInt8]) async -> [UInt8]
    /// A ``Handler`` that may detach its request from the fixed set of contexts.
    public typealias LeasingHandler = @Sendable ([UInt8], ReplyLease) async -> [UInt8]

    private struct Running {
        var worker: ReplyWorker
        var task: Task<Void, Never>
    }

    private struct State {
        var running: [Int: Running] = [:]
        var nextID = 0
        var detached = 0
        var closing = false
    }

    private let socket: NNGSocket
    private let handler: LeasingHandler
    /// Most requests detached at once.
    public let maxDetached: Int
    private let state = Mutex(State())

    /// Opens a rep0 socket and starts serving; call ``listen(url:tls:)`` to accept clients.
    /// - Parameters:
    ///   - concurrency: How many requests are handled at once (one NNG context each).
    ///   - options: Honours ``SocketOptions/maxReceiveSize``.
    ///   - handler: Computes each reply.
    public convenience init(
        concurrency: Int = 32,
        options: SocketOptions = SocketOptions(),
        handler: @escaping Handler
    ) throws(NNGError) {
        try self.init(concurrency: concurrency, maxDetached: 0, options: options) { request, _ in
            await handler(request)
        }
    }

    /// Opens a rep0 socket and starts serving, with up to `maxDetached` requests detached
    /// (``ReplyLease/detach()``) besides the `concurrency` served in the fixed set.
    public init(
        concurrency: Int = 32,
        maxDetached: Int,
        options: SocketOptions = SocketOptions(),
        handler: @escaping LeasingHandler
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
        self.handler = handler
        self.maxDetached = max(0, maxDetached)
        for worker in workers { self.start(worker) }
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

    /// Shuts down gracefully: stops taking requests, lets the handlers in progress (detached
    /// ones included) finish and send their replies, then closes the socket. Requests not yet
    /// taken go unanswered, so their clients time out or resend elsewhere.
    /// - Warning: Waits for every running handler; a handler that never returns blocks this.
    public func close() async {
        let running = self.state.withLock { state in
            state.closing = true
            return Array(state.running.values)
        }
        for entry in running {
            entry.worker.stop()
        }
        for entry in running {
            await entry.task.value
        }
        self.socket.close()
    }

    /// Runs `worker`'s loop in a task of its own. The server is held weakly, so an unclosed
    /// server is still released and its deinit closes the socket, which ends every loop.
    private func start(_ worker: ReplyWorker) {
        let handler = self.handler
        let detach: @Sendable () -> Bool = { [weak self] in self?.detachOne() ?? false }
        let ended: @Sendable (Int, Bool) -> Void = { [weak self] id, detached in self?.ended(id, detached: detached) }
        self.state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            // The task's end takes the same lock, so it cannot run before it is recorded.
            let task = Task {
                let detached = await worker.run(handler: handler, detach: detach)
                ended(id, detached)
            }
            state.running[id] = Running(worker: worker, task: task)
        }
    }

    /// Puts a fresh context in the place of one being detached; false when `maxDetached`
    /// are detached already, the server is closing, or NNG has no context to give.
    private func detachOne() -> Bool {
        let allowed = self.state.withLock { state in
            guard !state.closing, state.detached < self.maxDetached else { return false }
            state.detached += 1
            return true
        }
        guard allowed else { return false }
        do throws(NNGError) {
            self.start(try ReplyWorker(socket: self.socket.id))
            return true
        } catch {
            self.state.withLock { $0.detached -= 1 }
            return false
        }
    }

    private func ended(_ id: Int, detached: Bool) {
        self.state.withLock { state in
            state.running[id] = nil
            if detached { state.detached -= 1 }
        }
    }
}

/// A request's hold on its context, given to a ``ReplyServer/LeasingHandler``.
public struct ReplyLease: Sendable {
    /// Where the request came from.
    public let origin: PeerOrigin
    /// The uid of the process at the other end of an IPC connection, as the kernel reports
    /// it (SO_PEERCRED); nil over TCP. A peer cannot choose it.
    public let peerUID: UInt32?
    let detachment: @Sendable () -> Bool

    /// Gives this request's place in the server's fixed set of contexts to a fresh context,
    /// so the request may take as long as it needs without delaying others. Returns false,
    /// and the request keeps its place, when the server holds its most detached requests.
    /// Call it at most once per request.
    public func detach() -> Bool {
        self.detachment()
    }
}
