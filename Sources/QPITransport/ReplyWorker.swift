import CNNG
import Synchronization

/// One rep0 context of a ``ReplyServer`` and its loop: receive, handle, reply.
///
/// The loop runs in one task. ``stop()`` may come from any task: it cancels a pending receive
/// but never a reply being sent, so handlers in progress still answer.
final class ReplyWorker: Sendable {
    private struct State {
        var receiving = false
        var stopping = false
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

    /// Serves requests until ``stop()`` or until the socket closes.
    func run(handler: ReplyServer.Handler) async {
        while let request = await self.receive() {
            let reply = await handler(request)
            // Without memory for the reply, the client's resend or timeout covers it.
            guard let message = try? NNGMessage.make(reply) else { continue }
            self.aio.setMessage(message)
            let sent = await self.aio.run(timeout: nil) { nng_ctx_send(self.context, $0) }
            if sent != 0 {
                self.aio.discardMessage()
                if sent == .nngClosed {
                    return
                }
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

    /// The next request, or nil once stopped or closed.
    private func receive() async -> [UInt8]? {
        while !self.state.withLock({ $0.stopping }) {
            let received = await self.aio.run(timeout: nil) { aio in
                self.state.withLock { $0.receiving = true }
                nng_ctx_recv(self.context, aio)
                // stop() may have come between the two locks, before the receive began.
                if self.state.withLock({ $0.stopping }) {
                    nng_aio_cancel(aio)
                }
            }
            self.state.withLock { $0.receiving = false }
            if received == .nngClosed || received == .nngCanceled {
                return nil
            }
            // Any other failure concerns this receive only.
            if received == 0, let message = self.aio.takeMessage() {
                return NNGMessage.consume(message)
            }
        }
        return nil
    }
}
