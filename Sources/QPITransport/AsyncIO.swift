import CNNG
import Synchronization

/// One `nng_aio` whose completions resume Swift tasks.
///
/// - Warning: Single owner. One task runs one operation at a time (``run(timeout:_:)`` is
///   awaited before the next starts); the message accessors are used only between operations.
///   Only ``cancel()`` may be called from elsewhere.
final class AsyncIO: @unchecked Sendable {
    // Why @unchecked Sendable is safe: `handle` is immutable and freed only in deinit; NNG's aio
    // functions are thread-safe, and the only cross-thread calls are NNG's completion callback
    // (which touches `completion`, a Mutex) and `nng_aio_cancel`.
    private let handle: OpaquePointer
    private let completion: Completion

    init() throws(NNGError) {
        let completion = Completion()
        var handle: OpaquePointer?
        // The callback gets an unretained pointer to `completion`, which this object keeps alive;
        // nng_aio_free in deinit waits for a running callback to return.
        let status = nng_aio_alloc(
            &handle,
            { argument in
                Unmanaged<Completion>.fromOpaque(argument!).takeUnretainedValue().fire()
            },
            Unmanaged.passUnretained(completion).toOpaque()
        )
        try check(status) { .aioAlloc($0) }
        self.handle = handle!
        self.completion = completion
    }

    deinit {
        nng_aio_free(self.handle)
    }

    /// Starts one operation with `start` and waits for it; returns NNG's result (0 on success).
    ///
    /// Task cancellation cancels the operation, which then returns `NNG_ECANCELED`.
    /// - Parameter timeout: nil waits forever.
    func run(timeout: Duration?, _ start: (OpaquePointer) -> Void) async -> Int32 {
        nng_aio_set_timeout(self.handle, timeout.nngMilliseconds)
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                self.completion.arm(continuation)
                start(self.handle)
                // A cancellation that arrived before the operation began found nothing to cancel.
                if Task.isCancelled {
                    nng_aio_cancel(self.handle)
                }
            }
        } onCancel: {
            nng_aio_cancel(self.handle)
        }
        return nng_aio_result(self.handle)
    }

    /// Cancels the operation in flight, if any; safe from any thread.
    func cancel() {
        nng_aio_cancel(self.handle)
    }

    /// Hands `message` to the next send; NNG owns it once that send succeeds.
    func setMessage(_ message: OpaquePointer) {
        nng_aio_set_msg(self.handle, message)
    }

    /// Takes the message of the last operation: the one received, or the one a failed send kept.
    func takeMessage() -> OpaquePointer? {
        defer { nng_aio_set_msg(self.handle, nil) }
        return nng_aio_get_msg(self.handle)
    }

    /// Frees the message a failed send left behind.
    func discardMessage() {
        if let message = self.takeMessage() {
            nng_msg_free(message)
        }
    }
}

/// The continuation of the operation in flight, resumed from NNG's callback thread.
private final class Completion: Sendable {
    private let continuation = Mutex<CheckedContinuation<Void, Never>?>(nil)

    func arm(_ continuation: CheckedContinuation<Void, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    func fire() {
        self.continuation.withLock { $0.take() }?.resume()
    }
}
