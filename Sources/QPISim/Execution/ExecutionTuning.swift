/// Sizes that shape how the engine walks the state; they change speed, never results.
///
/// Tests shrink them to exercise blocking and gathering on small circuits.
struct ExecutionTuning: Sendable {
    /// log2 of the amplitudes one worker keeps in cache while it applies a stage: 2^14
    /// amplitudes are 256 KiB, half of a core's L2 here, leaving room for matrices.
    var blockQubits = 14
    /// Smallest contiguous run (log2 amplitudes) a block may be gathered from; shorter runs
    /// waste memory bandwidth on partial cache lines and prefetches.
    var minimumRunQubits = 9
    /// States at least this large (log2) are processed by several workers.
    var parallelQubits = 14
    /// Largest number of qubits `GateFuser` may merge into one dense matrix.
    var maxFusedQubits = 4
    /// Largest number of qubits `GateFuser` may merge into one diagonal (2^k-entry table).
    var maxDiagonalQubits = 10
    /// Bytes all copies of the state may take together; nil means half of physical memory.
    var memoryBudget: Int? = nil

    /// The block size (log2) for an n-qubit state. It depends on n alone, not on the thread
    /// count, so every thread count applies the same operations in the same order and
    /// produces bit-identical states. Mid-sized states get at least 8 blocks so that
    /// several workers have something to share.
    func blockQubits(forQubitCount n: Int) -> Int {
        n < self.parallelQubits ? min(n, self.blockQubits) : min(self.blockQubits, n - 3)
    }
}
