/// A kernel op rewritten for one stage's blocks: qubits become bit positions inside the
/// block, and conditions on qubits outside the block become checks on the block's base.
struct LocalOp: Sendable {
    enum Kernel: Sendable {
        case dense1(offset: Int, m00: PackedComplex, m01: PackedComplex, m10: PackedComplex, m11: PackedComplex)
        case dense2(offset0: Int, offset1: Int, matrix: [PackedComplex])
        /// `offsets[sub]` is where entry `sub` of the matrix's index space sits in the block.
        case denseN(offsets: [Int], matrix: [PackedComplex])
        case diagonal1(offset: Int, d0: PackedComplex, d1: PackedComplex)
        /// `gather[c << 8 | byte]` is the part of the table index that byte c of the block
        /// index contributes; `outside` lists qubits outside the block as (global mask, table bit).
        case diagonal(gather: [Int], table: [PackedComplex], outside: [(mask: Int, bit: Int)])
        case phase(PackedComplex)
        case flip(offset: Int)
        case swap(offsetA: Int, offsetB: Int)
    }

    let kernel: Kernel
    let spread: IndexSpread
    /// Global bits outside the block that must all be 1 for the op to act on it.
    let requiredMask: Int

    /// Rewrites `op` for blocks of `1 << localQubits` amplitudes; `position` maps a qubit
    /// to its bit in the block, or nil when the qubit lies outside it.
    init(_ op: KernelOp, localQubits: Int, position: (Int) -> Int?) {
        var required = 0
        var controlPositions: [Int] = []
        var setMask = 0
        for control in op.controls {
            if let p = position(control) {
                controlPositions.append(p)
                setMask |= 1 << p
            } else {
                required |= 1 << control
            }
        }
        func spread(_ targets: [Int]) -> IndexSpread {
            IndexSpread(localQubits: localQubits, fixed: controlPositions + targets, setMask: setMask)
        }
        switch op.action {
        case .dense(let targets, let matrix):
            let p = targets.map { position($0)! }
            self.spread = spread(p)
            switch p.count {
            case 1:
                self.kernel = .dense1(
                    offset: 1 << p[0],
                    m00: PackedComplex(matrix[0]),
                    m01: PackedComplex(matrix[1]),
                    m10: PackedComplex(matrix[2]),
                    m11: PackedComplex(matrix[3])
                )
            case 2:
                self.kernel = .dense2(offset0: 1 << p[0], offset1: 1 << p[1], matrix: matrix.map(PackedComplex.init))
            default:
                let offsets = (0..<(1 << p.count)).map { sub in
                    p.enumerated().reduce(0) { $0 | (sub >> $1.offset & 1) << $1.element }
                }
                self.kernel = .denseN(offsets: offsets, matrix: matrix.map(PackedComplex.init))
            }
        case .diagonal(let qubits, let table):
            if qubits.count == 1, let p = position(qubits[0]) {
                self.spread = spread([p])
                self.kernel = .diagonal1(offset: 1 << p, d0: PackedComplex(table[0]), d1: PackedComplex(table[1]))
            } else {
                // The table index is assembled from block-index bytes through small lookup
                // tables, which is cheaper per amplitude than testing each qubit's bit.
                let chunks = max(1, (localQubits + 7) / 8)
                var gather = [Int](repeating: 0, count: chunks << 8)
                var outside: [(mask: Int, bit: Int)] = []
                for (r, qubit) in qubits.enumerated() {
                    guard let p = position(qubit) else {
                        outside.append((mask: 1 << qubit, bit: 1 << r))
                        continue
                    }
                    for byte in 0..<256 where byte >> (p & 7) & 1 == 1 {
                        gather[(p >> 3) << 8 | byte] |= 1 << r
                    }
                }
                self.spread = spread([])
                self.kernel = .diagonal(gather: gather, table: table.map(PackedComplex.init), outside: outside)
            }
        case .phase(let qubit, let factor):
            if let p = position(qubit) {
                self.spread = IndexSpread(
                    localQubits: localQubits, fixed: controlPositions + [p], setMask: setMask | 1 << p)
            } else {
                required |= 1 << qubit
                self.spread = spread([])
            }
            self.kernel = .phase(PackedComplex(factor))
        case .flip(let qubit):
            let p = position(qubit)!
            self.spread = spread([p])
            self.kernel = .flip(offset: 1 << p)
        case .swap(let a, let b):
            let pa = position(a)!
            let pb = position(b)!
            self.spread = spread([pa, pb])
            self.kernel = .swap(offsetA: 1 << pa, offsetB: 1 << pb)
        }
        self.requiredMask = required
    }

    /// Applies the op to one block whose first amplitude has global index `globalBase`.
    func apply(to amplitudes: UnsafeMutablePointer<ComplexDouble>, globalBase: Int) {
        guard globalBase & self.requiredMask == self.requiredMask else { return }
        switch self.kernel {
        case .dense1(let offset, let m00, let m01, let m10, let m11):
            self.spread.forEachRun { start, length in
                let p = amplitudes + start
                let q = p + offset
                for j in 0..<length {
                    let a = p.loadPacked(j)
                    let b = q.loadPacked(j)
                    let (aSwapped, bSwapped) = (a.swapped, b.swapped)
                    p.storePacked(m00.times(a, swapped: aSwapped) + m01.times(b, swapped: bSwapped), j)
                    q.storePacked(m10.times(a, swapped: aSwapped) + m11.times(b, swapped: bSwapped), j)
                }
            }
        case .dense2(let offset0, let offset1, let matrix):
            Self.applyDense2(amplitudes, self.spread, offset0, offset1, matrix)
        case .denseN(let offsets, let matrix):
            Self.applyDenseN(amplitudes, self.spread, offsets, matrix)
        case .diagonal1(let offset, let d0, let d1):
            self.spread.forEachRun { start, length in
                let p = amplitudes + start
                let q = p + offset
                for j in 0..<length {
                    let a = p.loadPacked(j)
                    let b = q.loadPacked(j)
                    p.storePacked(d0.times(a, swapped: a.swapped), j)
                    q.storePacked(d1.times(b, swapped: b.swapped), j)
                }
            }
        case .diagonal(let gather, let table, let outside):
            var entryBase = 0
            for (mask, bit) in outside where globalBase & mask != 0 { entryBase |= bit }
            Self.applyDiagonal(amplitudes, self.spread, gather, table, entryBase)
        case .phase(let factor):
            self.spread.forEachRun { start, length in
                let p = amplitudes + start
                for j in 0..<length {
                    let a = p.loadPacked(j)
                    p.storePacked(factor.times(a, swapped: a.swapped), j)
                }
            }
        case .flip(let offset):
            self.spread.forEachRun { start, length in
                let p = amplitudes + start
                let q = p + offset
                for j in 0..<length {
                    let a = p[j]
                    p[j] = q[j]
                    q[j] = a
                }
            }
        case .swap(let offsetA, let offsetB):
            self.spread.forEachRun { start, length in
                let p = amplitudes + start + offsetA
                let q = amplitudes + start + offsetB
                for j in 0..<length {
                    let a = p[j]
                    p[j] = q[j]
                    q[j] = a
                }
            }
        }
    }

    private static func applyDense2(
        _ amplitudes: UnsafeMutablePointer<ComplexDouble>, _ spread: IndexSpread,
        _ offset0: Int, _ offset1: Int, _ matrix: [PackedComplex]
    ) {
        matrix.withUnsafeBufferPointer { m in
            spread.forEachRun { start, length in
                let p0 = amplitudes + start
                let p1 = p0 + offset0
                let p2 = p0 + offset1
                let p3 = p1 + offset1
                for j in 0..<length {
                    let a0 = p0.loadPacked(j)
                    let a1 = p1.loadPacked(j)
                    let a2 = p2.loadPacked(j)
                    let a3 = p3.loadPacked(j)
                    let (s0, s1, s2, s3) = (a0.swapped, a1.swapped, a2.swapped, a3.swapped)
                    @inline(__always) func row(_ r: Int) -> SIMD2<Double> {
                        m[r].times(a0, swapped: s0) + m[r + 1].times(a1, swapped: s1)
                            + m[r + 2].times(a2, swapped: s2) + m[r + 3].times(a3, swapped: s3)
                    }
                    p0.storePacked(row(0), j)
                    p1.storePacked(row(4), j)
                    p2.storePacked(row(8), j)
                    p3.storePacked(row(12), j)
                }
            }
        }
    }

    private static func applyDenseN(
        _ amplitudes: UnsafeMutablePointer<ComplexDouble>, _ spread: IndexSpread,
        _ offsets: [Int], _ matrix: [PackedComplex]
    ) {
        let size = offsets.count
        withUnsafeTemporaryAllocation(of: ComplexDouble.self, capacity: 2 * size) { buffer in
            let input = buffer.baseAddress!
            offsets.withUnsafeBufferPointer { o in
                matrix.withUnsafeBufferPointer { m in
                    spread.forEachRun { start, length in
                        for j in 0..<length {
                            let p = amplitudes + start + j
                            // Even slots hold amplitudes, odd slots the same with lanes swapped.
                            for sub in 0..<size {
                                let a = p.loadPacked(o[sub])
                                input.storePacked(a, 2 * sub)
                                input.storePacked(a.swapped, 2 * sub + 1)
                            }
                            for row in 0..<size {
                                var sum = SIMD2<Double>()
                                let rowBase = row * size
                                for col in 0..<size {
                                    sum += m[rowBase + col].times(
                                        input.loadPacked(2 * col), swapped: input.loadPacked(2 * col + 1))
                                }
                                p.storePacked(sum, o[row])
                            }
                        }
                    }
                }
            }
        }
    }

    private static func applyDiagonal(
        _ amplitudes: UnsafeMutablePointer<ComplexDouble>, _ spread: IndexSpread,
        _ gather: [Int], _ table: [PackedComplex], _ entryBase: Int
    ) {
        gather.withUnsafeBufferPointer { g in
            table.withUnsafeBufferPointer { t in
                let chunks = g.count >> 8
                spread.forEachRun { start, length in
                    for j in 0..<length {
                        let index = start + j
                        var entry = entryBase | g[index & 255]
                        if chunks > 1 { entry |= g[256 | (index >> 8 & 255)] }
                        for chunk in 2..<max(2, chunks) { entry |= g[chunk << 8 | (index >> (8 * chunk) & 255)] }
                        let a = amplitudes.loadPacked(index)
                        amplitudes.storePacked(t[entry].times(a, swapped: a.swapped), index)
                    }
                }
            }
        }
    }
}
