/// Applies stages to a state, block by block, spreading blocks over the workers.
struct StageExecutor {
    let pool: WorkerPool

    func run(_ stages: [Stage], on state: StateVector) {
        for stage in stages { self.run(stage, on: state) }
    }

    private func run(_ stage: Stage, on state: StateVector) {
        let n = state.qubitCount
        let low = stage.lowQubits
        let high = stage.highQubits
        let localQubits = low + high.count
        let position: (Int) -> Int? = { qubit in
            if qubit < low { return qubit }
            return high.firstIndex(of: qubit).map { low + $0 }
        }
        let ops = stage.ops.map { LocalOp($0, localQubits: localQubits, position: position) }
        // Global bits that tell blocks apart, ascending.
        let outside = (low..<n).filter { !high.contains($0) }
        let blockCount = 1 << outside.count
        state.withAmplitudes { base in
            let shared = SharedPointer(base: base)
            if high.isEmpty {
                // Blocks are contiguous: work in place.
                self.pool.forEachRange(blockCount) { _, blocks in
                    for block in blocks {
                        let globalBase = block << low
                        for op in ops { op.apply(to: shared.base + globalBase, globalBase: globalBase) }
                    }
                }
                return
            }
            let runLength = 1 << low
            let runStarts = (0..<(1 << high.count)).map { Self.deposit($0, at: high) }
            let workers = min(self.pool.threads, blockCount)
            let scratch = UnsafeMutablePointer<ComplexDouble>.allocate(capacity: workers << localQubits)
            defer { scratch.deallocate() }
            let sharedScratch = SharedPointer(base: scratch)
            self.pool.forEachRange(blockCount) { worker, blocks in
                let local = sharedScratch.base + (worker << localQubits)
                for block in blocks {
                    let globalBase = Self.deposit(block, at: outside)
                    for (run, start) in runStarts.enumerated() {
                        (local + run * runLength).initialize(from: shared.base + (globalBase | start), count: runLength)
                    }
                    for op in ops { op.apply(to: local, globalBase: globalBase) }
                    for (run, start) in runStarts.enumerated() {
                        (shared.base + (globalBase | start)).update(from: local + run * runLength, count: runLength)
                    }
                }
            }
        }
    }

    /// Spreads the bits of `value` over the given bit positions (ascending).
    static func deposit(_ value: Int, at positions: [Int]) -> Int {
        var result = 0
        for (bit, position) in positions.enumerated() where value >> bit & 1 == 1 {
            result |= 1 << position
        }
        return result
    }
}
