/// One sweep over the state: every op in it is applied block by block while the block sits
/// in cache, so a stage costs one trip through memory however many ops it holds.
struct Stage: Sendable {
    /// A block holds the qubits below `lowQubits` plus `highQubits`; its amplitudes are
    /// `1 << highQubits.count` runs of `1 << lowQubits` contiguous amplitudes.
    var lowQubits: Int
    /// Qubits at or above `lowQubits` that ops in the stage move amplitudes across, ascending.
    var highQubits: [Int]
    var ops: [KernelOp]
}

/// Cuts a list of ops into stages.
///
/// An op can run inside a block when the qubits it moves amplitudes across are in the
/// block; controls and diagonal factors on other qubits are constant over a block and are
/// resolved per block. Ops that do not fit are postponed, and so is every later op that
/// shares a qubit with a postponed one, so the stage stays equivalent to program order
/// while later, independent ops still join it.
struct StagePlanner {
    let qubitCount: Int
    let blockQubits: Int
    let minimumRunQubits: Int

    func plan(_ ops: [KernelOp]) -> [Stage] {
        guard !ops.isEmpty else { return [] }
        if self.qubitCount <= self.blockQubits {
            return [Stage(lowQubits: self.qubitCount, highQubits: [], ops: ops)]
        }
        var stages: [Stage] = []
        var remaining = ops
        while !remaining.isEmpty {
            var moving = 0
            var blocked = 0
            var taken: [KernelOp] = []
            var postponed: [KernelOp] = []
            for op in remaining {
                let touched = op.touchedMask
                if touched & blocked == 0, self.lowQubits(for: moving | op.movingMask) != nil {
                    moving |= op.movingMask
                    taken.append(op)
                } else {
                    postponed.append(op)
                    blocked |= touched
                }
            }
            let low = self.lowQubits(for: moving)!
            let high = (low..<self.qubitCount).filter { moving >> $0 & 1 == 1 }
            stages.append(Stage(lowQubits: low, highQubits: high, ops: taken))
            remaining = postponed
        }
        return stages
    }

    /// The largest run length (log2) whose block can hold every qubit in `moving`, or nil.
    private func lowQubits(for moving: Int) -> Int? {
        var low = self.blockQubits
        while low >= self.minimumRunQubits {
            if low + (moving >> low).nonzeroBitCount <= self.blockQubits { return low }
            low -= 1
        }
        return nil
    }
}
