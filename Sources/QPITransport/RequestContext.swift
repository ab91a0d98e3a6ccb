import CNNG

/// A req0 context and its aio, reused by one request at a time.
///
/// Contexts keep requests apart: each holds one request and matches its reply.
final class RequestContext: Sendable {
    let context: nng_ctx
    let aio: AsyncIO

    init(socket: nng_socket, resendInterval: Duration?) throws(NNGError) {
        var context = nng_ctx()
        try check(nng_ctx_open(&context, socket)) { .contextOpen($0) }
        do throws(NNGError) {
            if let resendInterval {
                try check(nng_ctx_set_ms(context, NNG_OPT_REQ_RESENDTIME, resendInterval.nngMilliseconds)) {
                    .contextSet($0, option: NNG_OPT_REQ_RESENDTIME)
                }
            }
            self.aio = try AsyncIO()
        } catch {
            nng_ctx_close(context)
            throw error
        }
        self.context = context
    }

    deinit {
        nng_ctx_close(self.context)
    }

    /// Sends `request` and waits for its reply, both within `timeout`.
    func exchange(_ request: [UInt8], timeout: Duration) async -> Result<[UInt8], NNGError> {
        let context = self.context
        let deadline = nng_clock() + UInt64(timeout.nngMilliseconds)
        do {
            self.aio.setMessage(try NNGMessage.make(request))
        } catch {
            return .failure(error)
        }
        let status = await self.aio.run(
            timeout: timeout,
            { nng_ctx_send(context, $0) },
            then: { aio in
                // The reply gets what is left of the caller's timeout.
                let now = nng_clock()
                nng_aio_set_timeout(aio, now < deadline ? nng_duration(clamping: deadline - now) : 0)
                nng_ctx_recv(context, aio)
            }
        )
        let message = self.aio.takeMessage()
        if status == 0, let message {
            return .success(NNGMessage.consume(message))
        }
        // Only a failed send leaves a message with the aio.
        if let message {
            nng_msg_free(message)
            return .failure(.contextSend(status))
        }
        return .failure(.contextReceive(status))
    }
}
