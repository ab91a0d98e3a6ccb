import Dispatch
import Synchronization

/// Splits index ranges over worker threads.
///
/// Workers claim small contiguous ranges from a shared counter until none are left, so a
/// worker that the OS descheduled (the cores here are shared) does not hold the others
/// back. Each range is processed by exactly one worker and `worker` identifies the thread
/// for its whole life, so callers can give each worker private scratch memory and write
/// disjoint parts of a shared buffer. Which worker handles which range never changes
/// results: every caller's work per index is independent of the others.
struct WorkerPool: Sendable {
    /// Number of worker threads, at least 1.
    let threads: Int

    /// Runs `body(worker, range)` over a partition of `0..<count` into contiguous ranges and
    /// returns when all have finished.
    func forEachRange(_ count: Int, _ body: @Sendable (_ worker: Int, _ range: Range<Int>) -> Void) {
        let workers = min(self.threads, count)
        guard workers > 1 else {
            if count > 0 { body(0, 0..<count) }
            return
        }
        let grain = max(1, count / (workers * 8))
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            while true {
                let start = next.wrappingAdd(grain, ordering: .relaxed).oldValue
                guard start < count else { return }
                body(worker, start..<min(count, start + grain))
            }
        }
    }
}

/// A buffer handed to worker threads (amplitudes, per-chunk sums, sampled indices).
///
/// `@unchecked Sendable` because raw pointers are not Sendable: it is safe as used here
/// because every parallel loop gives each worker a disjoint set of indices (distinct blocks
/// or chunks), shared inputs are only read, and `WorkerPool.forEachRange` returns only
/// after all workers are done, so no element is written by two threads, nothing is read
/// while another thread writes it, and no access outlives the buffer.
struct SharedPointer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
}
