import CNNG
import Synchronization

/// Turns NNG's pipe callbacks for one socket into an `AsyncStream` of ``PipeEvent``s.
///
/// The owning socket keeps this object alive until `nng_close` has returned, after which NNG
/// makes no more callbacks, so the unretained pointer given to NNG stays valid.
final class PipeEventSource: Sendable {
    /// The events, newest 1,024 kept when nobody reads them.
    let events: AsyncStream<PipeEvent>
    private let continuation: AsyncStream<PipeEvent>.Continuation
    // A removed pipe can no longer report its address, so remember it from when it was added.
    private let addresses = Mutex<[Int32: String]>([:])
    /// Called with each new pipe's id before the protocol takes it (``MessageSocket/beforeAdmitting(_:)``).
    let admission = Mutex<(@Sendable (Int) -> Void)?>(nil)

    init() {
        (self.events, self.continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1024))
    }

    /// Registers for connect and disconnect events on `socket`, before it listens or dials.
    func register(on socket: nng_socket) throws(NNGError) {
        let argument = Unmanaged.passUnretained(self).toOpaque()
        for event in [NNG_PIPE_EV_ADD_PRE, NNG_PIPE_EV_ADD_POST, NNG_PIPE_EV_REM_POST] {
            let status = nng_pipe_notify(
                socket,
                event,
                { pipe, event, argument in
                    Unmanaged<PipeEventSource>.fromOpaque(argument!).takeUnretainedValue()
                        .pipeChanged(pipe, event)
                },
                argument
            )
            try check(status) { .pipeNotify($0) }
        }
    }

    /// Ends the stream; called once the socket is closed.
    func finish() {
        self.continuation.finish()
    }

    private func pipeChanged(_ pipe: nng_pipe, _ change: nng_pipe_ev) {
        let id = nng_pipe_id(pipe)
        if change == NNG_PIPE_EV_ADD_PRE {
            self.admission.withLock { $0 }?(Int(id))
            return
        }
        let event: PipeEvent
        if change == NNG_PIPE_EV_ADD_POST {
            let address = Self.remoteAddress(of: pipe)
            if let address {
                self.addresses.withLock { $0[id] = address }
            }
            event = PipeEvent(kind: .connected, pipeID: Int(id), remoteAddress: address)
        } else {
            let address = self.addresses.withLock { $0.removeValue(forKey: id) }
            event = PipeEvent(kind: .disconnected, pipeID: Int(id), remoteAddress: address)
        }
        self.continuation.yield(event)
    }

    private static func remoteAddress(of pipe: nng_pipe) -> String? {
        var address = nng_sockaddr()
        guard nng_pipe_get_addr(pipe, NNG_OPT_REMADDR, &address) == 0 else { return nil }
        return address.displayString
    }
}
