internal import Synchronization

/// The store's single writer: a queue of write requests drained by one loop, which merges
/// every request waiting when a transaction starts into that transaction (group commit).
///
/// Rules it enforces:
/// - Each request runs inside its own savepoint, so a request that throws rolls back only
///   its own rows and fails only its own caller; the others still commit.
/// - A caller resumes only after the transaction holding its rows has committed (or with
///   the error that prevented the commit). Cancelling the caller's task does not withdraw a
///   queued request: once enqueued, it commits or fails like the rest.
/// - Requests are applied in arrival order; at most `maxRowsPerTransaction` rows (by the
///   callers' own estimate) go into one transaction, so a flood of submissions cannot hold
///   the write lock for long.
/// - After `close()`, new requests fail with `StoreError.closed`; those already queued
///   still commit.
final class GroupCommitter: Sendable {
    /// Resumes one caller once the fate of the shared transaction is known: nil if it
    /// committed, else the error that rolled it back.
    typealias Completion = @Sendable (_ commitError: (any Error)?) -> Void

    private struct Request: Sendable {
        let rows: Int
        /// Runs the caller's work inside the shared transaction. Throws only when the
        /// transaction itself can no longer commit; the caller's own errors go into the
        /// returned completion.
        let apply: @Sendable (any SQLWriteConnection) throws -> Completion
        let fail: @Sendable (any Error) -> Void
    }

    private struct State {
        var queue: [Request] = []
        var draining = false
        var closed = false
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let engine: any StoreEngine
    private let maxRowsPerTransaction: Int
    private let state = Mutex(State())

    init(engine: any StoreEngine, maxRowsPerTransaction: Int = 20_000) {
        self.engine = engine
        self.maxRowsPerTransaction = maxRowsPerTransaction
    }

    /// Runs `work` in the next transaction and returns its value once that transaction
    /// has committed.
    ///
    /// - Parameter rows: about how many rows `work` writes, to bound transaction size.
    func perform<T: Sendable>(
        rows: Int = 1,
        _ work: @escaping @Sendable (any SQLConnection) throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let request = Request(
                rows: rows,
                apply: { db in
                    let value: T
                    do {
                        value = try db.inSavepoint { try work(db) }
                    } catch {
                        // A failed statement can abort the whole transaction (disk full, I/O);
                        // then nothing in it can commit and every caller must hear so.
                        guard db.isInsideTransaction else { throw error }
                        return { _ in continuation.resume(throwing: error) }
                    }
                    return { commitError in
                        if let commitError {
                            continuation.resume(throwing: commitError)
                        } else {
                            continuation.resume(returning: value)
                        }
                    }
                },
                fail: { continuation.resume(throwing: $0) }
            )
            self.enqueue(request)
        }
    }

    /// Refuses new requests and returns once every queued one has committed or failed.
    ///
    /// - Returns: false if an earlier call already closed the committer.
    func close() async -> Bool {
        let first = self.state.withLock { state in
            defer { state.closed = true }
            return !state.closed
        }
        guard first else { return false }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = self.state.withLock { state in
                if state.draining {
                    state.idleWaiters.append(continuation)
                    return false
                }
                return true
            }
            if idle {
                continuation.resume()
            }
        }
        return true
    }

    /// Whether `close()` has been called.
    var isClosed: Bool {
        self.state.withLock { $0.closed }
    }

    private func enqueue(_ request: Request) {
        enum Decision { case refuse, startDrain, queued }
        let decision = self.state.withLock { state -> Decision in
            if state.closed { return .refuse }
            state.queue.append(request)
            if state.draining { return .queued }
            state.draining = true
            return .startDrain
        }
        switch decision {
        case .refuse:
            request.fail(StoreError(code: .closed, message: "the job store is closed"))
        case .startDrain:
            self.engine.asyncWrite { db in self.drain(db) }
        case .queued:
            break
        }
    }

    private func drain(_ db: any SQLWriteConnection) {
        while let batch = self.nextBatch() {
            var completions: [Completion] = []
            do {
                try db.inTransaction {
                    completions = try batch.map { try $0.apply(db) }
                }
            } catch {
                for request in batch {
                    request.fail(error)
                }
                continue
            }
            for completion in completions {
                completion(nil)
            }
        }
    }

    /// Takes the next transaction's requests, or ends the drain (waking `close()`) when the
    /// queue is empty.
    private func nextBatch() -> [Request]? {
        let (batch, waiters) = self.state.withLock { state -> ([Request]?, [CheckedContinuation<Void, Never>]) in
            guard !state.queue.isEmpty else {
                state.draining = false
                let waiters = state.idleWaiters
                state.idleWaiters = []
                return (nil, waiters)
            }
            var rows = 0
            var count = 0
            for request in state.queue {
                if count > 0 && rows + request.rows > self.maxRowsPerTransaction { break }
                rows += request.rows
                count += 1
            }
            let batch = Array(state.queue.prefix(count))
            state.queue.removeFirst(count)
            return (batch, [])
        }
        for waiter in waiters {
            waiter.resume()
        }
        return batch
    }
}
