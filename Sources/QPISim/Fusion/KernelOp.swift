/// One unitary step ready for the kernels, in the circuit's qubit numbering.
///
/// Gates arrive here either one by one (when fusion is off or does not pay) or multiplied
/// together by `GateFuser`. Each case names the cheapest kernel that applies it.
struct KernelOp: Sendable {
    enum Action: Sendable {
        /// A dense unitary; bit r of a row or column index is the value of `targets[r]`.
        case dense(targets: [Int], matrix: [ComplexDouble])
        /// A diagonal; entry index bit r is the value of `qubits[r]`.
        case diagonal(qubits: [Int], table: [ComplexDouble])
        /// Multiplies the amplitudes where `qubit` and every control are 1 (z, s, t, p, cp, …).
        case phase(qubit: Int, factor: ComplexDouble)
        /// Exchanges the amplitude pairs that differ in `qubit` (x, cx, ccx, …).
        case flip(qubit: Int)
        /// Exchanges the amplitudes |…1…0…⟩ and |…0…1…⟩ of two qubits (swap, cswap).
        case swap(Int, Int)
    }

    var action: Action
    /// The op acts only where all of these qubits are 1; they are never among its targets.
    var controls: [Int]

    /// Qubits whose amplitudes the op moves between indices; a block must hold them all.
    var movingMask: Int {
        switch self.action {
        case .dense(let targets, _): return Self.mask(targets)
        case .flip(let qubit): return 1 << qubit
        case .swap(let a, let b): return 1 << a | 1 << b
        case .diagonal, .phase: return 0
        }
    }

    /// Every qubit the op reads or writes, controls included.
    var touchedMask: Int {
        let controls = Self.mask(self.controls)
        switch self.action {
        case .dense(let targets, _): return controls | Self.mask(targets)
        case .diagonal(let qubits, _): return controls | Self.mask(qubits)
        case .phase(let qubit, _), .flip(let qubit): return controls | 1 << qubit
        case .swap(let a, let b): return controls | 1 << a | 1 << b
        }
    }

    static func mask(_ qubits: [Int]) -> Int {
        qubits.reduce(0) { $0 | 1 << $1 }
    }
}
