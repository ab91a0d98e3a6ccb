import Dispatch

/// Splits index ranges over worker threads.
///
/// Work is cut into as many contiguous ranges as there are workers and every range is
/// processed by exactly one of them, so callers can give each worker private scratch
/// memory and write disjoint parts of a shared buffer. Call sites decide how work is cut
/// into items; the pool never changes results, only who computes them.
struct WorkerPool: Sendable {
    /// Number of worker threads, at least 1.
    let threads: Int

    /// Runs `body(worker, range)` for a partition of `0..<count` into at most `threads`
    /// contiguous ranges and returns when all have finished.
    func forEachRange(_ count: Int, _ body: @Sendable (_ worker: Int, _ range: Range<Int>) -> Void) {
        let workers = min(self.threads, count)
        guard workers > 1 else {
            if count > 0 { body(0, 0..<count) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let lower = count * worker / workers
            let upper = count * (worker + 1) / workers
            body(worker, lower..<upper)
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
