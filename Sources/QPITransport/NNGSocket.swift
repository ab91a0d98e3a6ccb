import CNNG
import Synchronization

/// An open NNG socket with its pipe events: the part every public socket type shares.
///
/// NNG's socket functions are thread-safe and `nng_socket` is a plain id, so this type is
/// Sendable; closing is idempotent and also happens on deinit.
final class NNGSocket: Sendable {
    /// The socket id for NNG calls; invalid once closed (calls then fail with `.closed`).
    let id: nng_socket
    private let pipeEventSource: PipeEventSource
    private let closed = Atomic<Bool>(false)

    /// Opens a socket with `open` (for example `nng_rep0_open`) and applies `options`.
    init(
        protocol name: String,
        options: SocketOptions,
        open: (UnsafeMutablePointer<nng_socket>) -> Int32
    ) throws(NNGError) {
        var id = nng_socket()
        try check(open(&id)) { .socketOpen($0, protocol: name) }
        let pipeEventSource = PipeEventSource()
        do throws(NNGError) {
            try pipeEventSource.register(on: id)
            try options.apply(to: id)
        } catch {
            nng_close(id)
            throw error
        }
        self.id = id
        self.pipeEventSource = pipeEventSource
    }

    deinit {
        self.close()
    }

    /// Connect and disconnect events of this socket's peers; finishes when the socket closes.
    var pipeEvents: AsyncStream<PipeEvent> {
        self.pipeEventSource.events
    }

    /// Runs `hook` with each new pipe's id on NNG's thread, before the protocol takes the pipe.
    func beforeAdmitting(_ hook: @escaping @Sendable (Int) -> Void) {
        self.pipeEventSource.admission.withLock { $0 = hook }
    }

    /// Starts listening on `url`; `tls` is required for `tls+tcp://` and must be a server one.
    func listen(url: String, tls: TLSConfiguration?) throws(NNGError) -> Listener {
        var listener = nng_listener()
        try check(nng_listener_create(&listener, self.id, url)) { .listenerCreate($0, url: url) }
        do throws(NNGError) {
            try tls?.apply(to: listener)
            try check(nng_listener_start(listener, 0)) { .listenerStart($0, url: url) }
        } catch {
            nng_listener_close(listener)
            throw error
        }
        var port: Int32 = 0
        let hasPort = nng_listener_get_int(listener, NNG_OPT_TCP_BOUND_PORT, &port) == 0
        return Listener(requestedURL: url, port: hasPort ? Int(port) : nil)
    }

    /// Starts dialing `url`, reconnecting after losing the peer. `tls` must be a client
    /// configuration for `tls+tcp://`. Without `waitForConnection` it returns at once and
    /// connects whenever the peer is up; with it, a failed first attempt throws.
    func dial(url: String, tls: TLSConfiguration?, waitForConnection: Bool) throws(NNGError) {
        var dialer = nng_dialer()
        try check(nng_dialer_create(&dialer, self.id, url)) { .dialerCreate($0, url: url) }
        do throws(NNGError) {
            try tls?.apply(to: dialer)
            let flags: Int32 = waitForConnection ? 0 : .nngNonBlocking
            try check(nng_dialer_start(dialer, flags)) { .dialerStart($0, url: url) }
        } catch {
            nng_dialer_close(dialer)
            throw error
        }
    }

    /// Closes the socket, its endpoints and connections; pending operations fail with `.closed`.
    func close() {
        guard !self.closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        nng_close(self.id)
        self.pipeEventSource.finish()
    }
}
