import CNNG
import Synchronization

/// One rep0 context of a ``ReplyServer`` and its loop: receive, handle, reply.
///
/// The loop runs in one task; each reply's send chains the next receive inside NNG's callback.
/// ``stop()`` may come from any task: it cancels a pending receive but never a reply being
/// sent, so handlers in progress still answer. A request whose handler detached it is
/// answered last: the context then closes, and the loop ends.
final class ReplyWorker: Sendable {
    private struct State {
        var receiving = false
        var stopping = false
    }

    /// What a receive produced.
    private enum Outcome {
        case request([UInt8], PeerOrigin, peerUID: UInt32?)
        case retry
        case stop
    }

    private let context: nng_ctx
    private let aio: AsyncIO
    private let state = Mutex(State())

    init(socket: nng_socket) throws(NNGError) {
        var context = nng_ctx()
        try check(nng_ctx_open(&context, socket)) { .contextOpen($0) }
        self.context = context
        self.aio = try AsyncIO()
    }

    /// Serves requests until ``stop()``, until the socket closes, or until a handler detaches
    /// its request with `detach` (which puts a fresh worker in this one's place); returns
    /// whether it ended detached.
    func run(handler: ReplyServer.LeasingHandler, detach: @escaping @Sendable () -> Bool) async -> Bool {
        var outcome = await self.receive()
        while true {
            switch outcome {
            case .request(let request, let origin, let peerUID):
                let detached = DetachFlag()
                let lease = ReplyLease(origin: origin, peerUID: peerUID) {
                    guard detach() else { return false }
                    detached.set()
                    return true
                }
                let reply = await handler(request, lease)
                if detached.isSet {
                    await self.replyLast(reply)
                    return true
                }
                outcome = await self.reply(reply)
            case .retry:
                outcome = await self.receive()
            case .stop:
                return false
            }
        }
    }

    /// Stops taking requests; a request already taken is still answered.
    func stop() {
        self.state.withLock { state in
            state.stopping = true
            if state.receiving {
                self.aio.cancel()
            }
        }
    }

    private func receive() async -> Outcome {
        guard !self.state.withLock({ $0.stopping }) else { return .stop }
        let status = await self.aio.run(timeout: nil) { self.startReceive($0) }
        return self.outcome(of: status)
    }

    /// Sends `reply`, then receives the next request.
    private func reply(_ reply: [UInt8]) async -> Outcome {
        // Without memory for the reply, the client's resend or timeout covers it.
        guard let message = try? NNGMessage.make(reply) else { return .retry }
        self.aio.setMessage(message)
        let status = await self.aio.run(
            timeout: nil,
            { nng_ctx_send(self.context, $0) },
            then: { self.startReceive($0) }
        )
        return self.outcome(of: status)
    }

    /// Sends `reply` and closes the context, receiving nothing more.
    private func replyLast(_ reply: [UInt8]) async {
        if let message = try? NNGMessage.make(reply) {
            self.aio.setMessage(message)
            if await self.aio.run(timeout: nil, { nng_ctx_send(self.context, $0) }) != 0 {
                self.aio.discardMessage()
            }
        }
        nng_ctx_close(self.context)
    }

    private func startReceive(_ aio: OpaquePointer) {
        self.state.withLock { $0.receiving = true }
        nng_ctx_recv(self.context, aio)
        // stop() may have come between the two locks, before the receive began.
        if self.state.withLock({ $0.stopping }) {
            nng_aio_cancel(aio)
        }
    }

    private func outcome(of status: Int32) -> Outcome {
        self.state.withLock { $0.receiving = false }
        if status == 0, let message = self.aio.takeMessage() {
            let pipe = nng_msg_get_pipe(message)
            return .request(NNGMessage.consume(message), PeerOrigin.of(pipe), peerUID: PeerOrigin.ipcPeerUID(of: pipe))
        }
        // A failed send leaves its reply with the aio.
        self.aio.discardMessage()
        // Any other failure concerns this request only.
        return status == .nngClosed || status == .nngCanceled ? .stop : .retry
    }
}

/// Whether a handler detached its request; set from the handler's task, read by the loop.
private final class DetachFlag: Sendable {
    private let value = Mutex(false)

    var isSet: Bool { self.value.withLock { $0 } }

    func set() { self.value.withLock { $0 = true } }
}
