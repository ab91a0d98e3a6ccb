import Foundation
import QPIWire
import Synchronization

/// Runs blocking or CPU-heavy work (password hashing, munge credential checks, the store
/// reads commands wait for, HTTP circuit checks) off Swift's cooperative pool: at most `width` jobs at once, each on a thread of its own, at most `queueLimit` more
/// waiting their turn, and any beyond that refused at once. A flood of such work is then
/// answered with `.unavailable` (HTTP 503) instead of stalling the controller's other tasks
/// or growing its memory without bound.
public final class BlockingWorkPool: Sendable {
    private struct State {
        var running = 0
        var waiting: [CheckedContinuation<Bool, Never>] = []
    }

    /// Jobs run at once.
    public let width: Int
    /// Jobs waiting for a free slot before new ones are refused.
    public let queueLimit: Int
    /// What the work is, for the refusal's message ("password checks").
    public let name: String
    private let state = Mutex(State())

    /// Stack of each job's thread, in bytes.
    static let stackSize = 8 << 20

    public init(name: String, width: Int, queueLimit: Int) {
        self.name = name
        self.width = max(1, width)
        self.queueLimit = max(0, queueLimit)
    }

    /// `work`'s result, computed on the pool's threads; `.unavailable` when the pool and its
    /// queue are full.
    public func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws(WireError) -> T {
        let admitted: Bool = await withCheckedContinuation { continuation in
            // Deciding and queueing under one lock, so a slot freed meanwhile is never lost.
            let decision: Bool? = self.state.withLock { state in
                if state.running < self.width {
                    state.running += 1
                    return true
                }
                guard state.waiting.count < self.queueLimit else { return false }
                state.waiting.append(continuation)
                return nil
            }
            if let decision { continuation.resume(returning: decision) }
        }
        guard admitted else {
            throw WireError(.unavailable, "the controller is busy with other \(self.name); retry in a moment")
        }
        defer { self.finished() }
        // A thread per job, not Dispatch's global queues: on Linux those are capped at one
        // thread per core and shared with Swift's cooperative pool, which is what a 50 ms
        // hash must not hold. Starting a thread costs microseconds, next to the work.
        return await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            // As much stack as a main thread: the parser recurses as deep as its nesting limits.
            thread.stackSize = Self.stackSize
            thread.start()
        }
    }

    /// Hands the slot to the next waiter, or frees it.
    private func finished() {
        let next: CheckedContinuation<Bool, Never>? = self.state.withLock { state in
            guard !state.waiting.isEmpty else {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume(returning: true)
    }
}
