import CNNG
import Synchronization

/// One `nng_aio` whose completions resume Swift tasks.
///
/// An operation may chain a second one that NNG's callback starts directly when the first
/// succeeds (send a request, then receive its reply), which saves a task switch per message.
///
/// - Warning: Single owner. One task runs one operation at a time (``run(timeout:_:then:)`` is
///   awaited before the next starts); the message accessors are used only between operations.
///   Only ``cancel()`` may be called from elsewhere.
final class AsyncIO: Sendable {
    private let handle: AIOHandle
    private let completion: Completion

    init() throws(NNGError) {
        let completion = Completion()
        var pointer: OpaquePointer?
        // The callback gets an unretained pointer to `completion`, which this object keeps alive;
        // nng_aio_free in deinit waits for a running callback to return.
        let status = nng_aio_alloc(
            &pointer,
            { argument in
                Unmanaged<Completion>.fromOpaque(argument!).takeUnretainedValue().operationEnded()
            },
            Unmanaged.passUnretained(completion).toOpaque()
        )
        try check(status) { .aioAlloc($0) }
        self.handle = AIOHandle(pointer: pointer!)
        self.completion = completion
    }

    deinit {
        nng_aio_free(self.handle.pointer)
    }

    /// Starts an operation with `start`, and `next` after it if it succeeds; waits for the
    /// last one to end and returns NNG's result (0 on success).
    ///
    /// Task cancellation cancels the operation in flight, which then returns `NNG_ECANCELED`.
    /// - Parameters:
    ///   - timeout: Applies to each operation; nil waits forever. `next` may set its own.
    ///   - next: Runs on NNG's callback thread; it must start exactly one operation.
    func run(
        timeout: Duration?,
        _ start: (OpaquePointer) -> Void,
        then next: (@Sendable (OpaquePointer) -> Void)? = nil
    ) async -> Int32 {
        let aio = self.handle.pointer
        nng_aio_set_timeout(aio, timeout.nngMilliseconds)
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                self.completion.arm(continuation, handle: self.handle, next: next)
                start(aio)
                // A cancellation that arrived before the operation began found nothing to cancel.
                if Task.isCancelled {
                    self.completion.cancel()
                }
            }
        } onCancel: {
            self.completion.cancel()
        }
        return nng_aio_result(aio)
    }

    /// Cancels the operation in flight, if any; safe from any thread.
    func cancel() {
        nng_aio_cancel(self.handle.pointer)
    }

    /// Hands `message` to the next send; NNG owns it once that send succeeds.
    func setMessage(_ message: OpaquePointer) {
        nng_aio_set_msg(self.handle.pointer, message)
    }

    /// Takes the message of the last operation: the one received, or the one a failed send kept.
    func takeMessage() -> OpaquePointer? {
        defer { nng_aio_set_msg(self.handle.pointer, nil) }
        return nng_aio_get_msg(self.handle.pointer)
    }

    /// Frees the message a failed send left behind.
    func discardMessage() {
        if let message = self.takeMessage() {
            nng_msg_free(message)
        }
    }
}

/// An `nng_aio` pointer that may cross threads.
private struct AIOHandle: @unchecked Sendable {
    // Why @unchecked Sendable is safe: NNG's aio functions are thread-safe, and AsyncIO frees
    // the aio only in deinit, after every holder of this handle is done with it.
    let pointer: OpaquePointer
}

/// The operation in flight: what to resume when it ends, and what to start after it.
private final class Completion: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Void, Never>?
        var handle: AIOHandle?
        var next: (@Sendable (OpaquePointer) -> Void)?
        var cancelled = false
        /// A callback is inside `next`, starting the chained operation.
        var startingNext = false
        /// The chained operation ended before the call that started it returned.
        var endedWhileStarting = false
    }

    /// What a completion callback does, decided under the lock.
    private enum Step {
        case startNext(AIOHandle, @Sendable (OpaquePointer) -> Void)
        case resume(CheckedContinuation<Void, Never>?)
        /// The callback that is starting the chained operation resumes the caller.
        case leaveToStarter
    }

    private let state = Mutex(State())

    func arm(
        _ continuation: CheckedContinuation<Void, Never>,
        handle: AIOHandle,
        next: (@Sendable (OpaquePointer) -> Void)?
    ) {
        self.state.withLock { $0 = State(continuation: continuation, handle: handle, next: next) }
    }

    func cancel() {
        let handle = self.state.withLock { state in
            state.cancelled = true
            return state.handle
        }
        if let handle {
            nng_aio_cancel(handle.pointer)
        }
    }

    /// NNG's completion callback: starts the chained operation or resumes the waiting task.
    ///
    /// The chained operation may end (on another NNG thread) before the call in `next`
    /// that started it has returned. The waiting task is then resumed only after that
    /// call returns: once resumed, its owner may close the socket, and NNG 1.5.2 panics
    /// when a socket is closed under a running `nng_ctx_recv`.
    func operationEnded() {
        let step: Step = self.state.withLock { state in
            defer { state.next = nil }
            if let handle = state.handle, let next = state.next, !state.cancelled, nng_aio_result(handle.pointer) == 0 {
                state.startingNext = true
                return .startNext(handle, next)
            }
            if state.startingNext {
                state.endedWhileStarting = true
                return .leaveToStarter
            }
            return .resume(state.continuation.take())
        }
        switch step {
        case .startNext(let handle, let next):
            next(handle.pointer)
            let (cancelled, ended) = self.state.withLock { state in
                state.startingNext = false
                defer { state.endedWhileStarting = false }
                return (state.cancelled, state.endedWhileStarting ? state.continuation.take() : nil)
            }
            if let ended {
                ended.resume()
            } else if cancelled {
                // cancel() may have come just before `next` began its operation.
                nng_aio_cancel(handle.pointer)
            }
        case .resume(let continuation):
            continuation?.resume()
        case .leaveToStarter:
            break
        }
    }
}
