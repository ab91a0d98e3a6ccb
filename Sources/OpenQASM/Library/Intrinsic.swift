/// How a built-in gate maps onto IR primitives without expanding a definition.
enum Intrinsic: Sendable, Hashable {
    /// One primitive; the first `controls` qubit arguments are its controls.
    case primitive(GateKind, controls: Int)
    /// `u2(φ, λ)` = U(π/2, φ, λ).
    case u2
    /// `u0(γ)`: an identity whose parameter was an idle length on early IBM devices.
    case u0
    /// `cu(θ, φ, λ, γ)`: phase γ on the control, then controlled U(θ, φ, λ).
    case controlledU
    /// `gphase(θ)`: a global phase, which `ctrl @` turns into a phase gate.
    case globalPhase
    /// A fixed sequence whose qubits are indices into the gate's arguments, for library
    /// gates that have no primitive (qelib1's relative-phase Toffolis).
    case sequence([Gate])

    /// How many operations one application expands to.
    var expansionSize: Int {
        switch self {
        case .primitive, .u2, .u0, .globalPhase: 1
        case .controlledU: 2
        case .sequence(let gates): gates.count
        }
    }

    /// The single gate this application is, when the intrinsic is one primitive: the
    /// fast path that skips building an operation list.
    func gate(parameters: [Double], qubits: [Int]) -> Gate? {
        switch self {
        case .primitive(let kind, let controls):
            return Gate(
                kind, parameters: parameters, controls: Array(qubits[..<controls]), targets: Array(qubits[controls...]))
        case .u2:
            return Gate(.u, parameters: [.pi / 2] + parameters, targets: qubits)
        case .u0:
            return Gate(.id, targets: qubits)
        case .controlledU, .globalPhase, .sequence:
            return nil
        }
    }

    /// The operations of one application with evaluated parameters and flat qubits.
    func operations(parameters: [Double], qubits: [Int]) -> [ElementaryOperation] {
        if let gate = self.gate(parameters: parameters, qubits: qubits) {
            return [.gate(gate)]
        }
        switch self {
        case .controlledU:
            return [
                .gate(Gate(.p, parameters: [parameters[3]], targets: [qubits[0]])),
                .gate(Gate(.u, parameters: Array(parameters[..<3]), controls: [qubits[0]], targets: [qubits[1]])),
            ]
        case .globalPhase:
            return [.globalPhase(parameters[0])]
        case .sequence(let gates):
            return gates.map { gate in
                var mapped = gate
                mapped.controls = gate.controls.map { qubits[$0] }
                mapped.targets = gate.targets.map { qubits[$0] }
                return .gate(mapped)
            }
        case .primitive, .u2, .u0:
            return []
        }
    }
}
