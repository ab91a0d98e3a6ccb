import OpenQASM

/// Turns a run of gates into kernel ops, multiplying neighbours into one matrix when that
/// is cheaper than applying them one by one.
///
/// States larger than a cache are processed in cache-sized blocks (see `StagePlanner`), so
/// what fusion saves is arithmetic, not memory passes; the cost model therefore counts
/// complex multiply-adds per amplitude. A gate may join the group that last touched any of
/// its qubits as long as no later group touches them (gates on disjoint qubits commute).
struct GateFuser {
    /// Largest number of qubits a fused dense matrix may span.
    var maxQubits: Int
    /// Largest number of qubits a fused diagonal may span (its table has 2^k entries).
    var maxDiagonalQubits: Int
    var enabled: Bool

    private struct Group {
        var qubits: [Int]
        var members: [Gate]
        var diagonal: Bool
        /// Cost of the op the group will become.
        var cost: Double
        /// Cost of applying the members one by one.
        var nativeCost: Double
    }

    /// Cost per amplitude of a diagonal table op: two byte lookups, a table load, a multiply.
    static let tableCost = 1.5

    /// The ops for `gates` (all on qubits below `qubitCount`), in an order equivalent to
    /// applying the gates in sequence.
    func fuse(_ gates: [Gate], qubitCount: Int) -> [KernelOp] {
        guard self.enabled else { return gates.compactMap(Self.native) }
        var groups: [Group] = []
        var lastGroup = [Int](repeating: -1, count: qubitCount)
        for gate in gates {
            guard let native = Self.native(gate) else { continue }
            let nativeCost = Self.cost(native)
            let qubits = gate.qubits
            let candidate = qubits.map { lastGroup[$0] }.max() ?? -1
            if candidate >= 0, let merged = self.merge(gate, nativeCost: nativeCost, into: groups[candidate]) {
                groups[candidate] = merged
                for qubit in qubits { lastGroup[qubit] = candidate }
                continue
            }
            groups.append(
                Group(
                    qubits: qubits, members: [gate], diagonal: gate.kind.isDiagonal, cost: nativeCost,
                    nativeCost: nativeCost)
            )
            for qubit in qubits { lastGroup[qubit] = groups.count - 1 }
        }
        return groups.flatMap { group -> [KernelOp] in
            if group.members.count == 1 || (group.diagonal && group.nativeCost <= Self.tableCost) {
                // Masked phase kernels beat a table until enough gates share it.
                return group.members.compactMap(Self.native)
            }
            return [Self.materialize(group)]
        }
    }

    /// The group with `gate` appended, or nil when merging does not pay or does not fit.
    ///
    /// Diagonal gates always join diagonal groups (up to `maxDiagonalQubits`): whether the
    /// group becomes one table or stays separate masked phases is decided at the end, when
    /// all its members are known. A dense merge must not cost more than the two apart.
    private func merge(_ gate: Gate, nativeCost: Double, into group: Group) -> Group? {
        var union = group.qubits
        for qubit in gate.qubits where !union.contains(qubit) { union.append(qubit) }
        var merged = group
        merged.qubits = union
        merged.members.append(gate)
        merged.nativeCost += nativeCost
        if group.diagonal && gate.kind.isDiagonal {
            guard union.count <= self.maxDiagonalQubits else { return nil }
            merged.cost = min(merged.nativeCost, Self.tableCost)
            return merged
        }
        let denseCost = Double((1 << union.count) + 1)
        guard union.count <= self.maxQubits, denseCost <= group.cost + nativeCost + 1e-9 else { return nil }
        merged.diagonal = false
        merged.cost = denseCost
        return merged
    }

    /// The op for one gate, using the cheapest kernel its kind allows; nil for identities.
    static func native(_ gate: Gate) -> KernelOp? {
        let matrix = gate.kind.matrix(gate.parameters)
        let action: KernelOp.Action
        switch gate.kind {
        case .id: return nil
        case .x: action = .flip(qubit: gate.targets[0])
        case .z, .s, .sdg, .t, .tdg, .p: action = .phase(qubit: gate.targets[0], factor: matrix[3])
        case .rz: action = .diagonal(qubits: gate.targets, table: [matrix[0], matrix[3]])
        case .rzz: action = .diagonal(qubits: gate.targets, table: [matrix[0], matrix[5], matrix[10], matrix[15]])
        case .swap: action = .swap(gate.targets[0], gate.targets[1])
        default: action = .dense(targets: gate.targets, matrix: matrix)
        }
        return KernelOp(action: action, controls: gate.controls)
    }

    /// Relative work per amplitude of the state, in complex multiply-adds.
    static func cost(_ op: KernelOp) -> Double {
        let share = 1 / Double(1 << op.controls.count)
        switch op.action {
        case .dense(let targets, _): return Double((1 << targets.count) + 1) * share
        case .diagonal(let qubits, _): return (qubits.count == 1 ? 1 : Self.tableCost) * share
        case .phase: return share / 2
        case .flip: return share
        case .swap: return share / 2
        }
    }

    private static func materialize(_ group: Group) -> KernelOp {
        let dimension = 1 << group.qubits.count
        let position = { (qubit: Int) in group.qubits.firstIndex(of: qubit)! }
        if group.diagonal {
            var table = [ComplexDouble](repeating: .one, count: dimension)
            for gate in group.members {
                let matrix = gate.kind.matrix(gate.parameters)
                let size = 1 << gate.targets.count
                let controlMask = gate.controls.reduce(0) { $0 | 1 << position($1) }
                let targets = gate.targets.map(position)
                for index in 0..<dimension where index & controlMask == controlMask {
                    var entry = 0
                    for (r, target) in targets.enumerated() { entry |= (index >> target & 1) << r }
                    table[index] *= matrix[entry * size + entry]
                }
            }
            return KernelOp(action: .diagonal(qubits: group.qubits, table: table), controls: [])
        }
        var unitary = [ComplexDouble](repeating: .zero, count: dimension * dimension)
        for index in 0..<dimension { unitary[index * dimension + index] = .one }
        var column = [ComplexDouble](repeating: .zero, count: dimension)
        for gate in group.members {
            let matrix = gate.kind.matrix(gate.parameters)
            let targets = gate.targets.map(position)
            let controlMask = gate.controls.reduce(0) { $0 | 1 << position($1) }
            for c in 0..<dimension {
                for r in 0..<dimension { column[r] = unitary[r * dimension + c] }
                Self.apply(matrix, targets: targets, controlMask: controlMask, to: &column)
                for r in 0..<dimension { unitary[r * dimension + c] = column[r] }
            }
        }
        return KernelOp(action: .dense(targets: group.qubits, matrix: unitary), controls: [])
    }

    /// Applies a gate matrix to a small vector; only used to build fused matrices.
    private static func apply(
        _ matrix: [ComplexDouble], targets: [Int], controlMask: Int, to vector: inout [ComplexDouble]
    ) {
        let size = 1 << targets.count
        let targetMask = targets.reduce(0) { $0 | 1 << $1 }
        var offsets = [Int](repeating: 0, count: size)
        for sub in 0..<size {
            for (r, target) in targets.enumerated() where sub >> r & 1 == 1 { offsets[sub] |= 1 << target }
        }
        var input = [ComplexDouble](repeating: .zero, count: size)
        for base in 0..<vector.count where base & targetMask == 0 && base & controlMask == controlMask {
            for sub in 0..<size { input[sub] = vector[base | offsets[sub]] }
            for row in 0..<size {
                var sum = ComplexDouble.zero
                for col in 0..<size { sum += matrix[row * size + col] * input[col] }
                vector[base | offsets[row]] = sum
            }
        }
    }
}
