import OpenQASM
import QPICore

@testable import QPISim

/// Shorthand for one gate instruction.
func gate(
    _ kind: GateKind, _ targets: Int..., controls: [Int] = [], parameters: [Double] = [],
    condition: Condition? = nil
) -> Instruction {
    Instruction(.gate(Gate(kind, parameters: parameters, controls: controls, targets: targets)), condition: condition)
}

func measure(_ qubit: Int, _ clbit: Int, condition: Condition? = nil) -> Instruction {
    Instruction(.measure(qubit: qubit, clbit: clbit), condition: condition)
}

/// A circuit with one quantum register `q` and, when `clbits > 0`, one classical register `c`.
func circuit(
    qubits: Int, clbits: Int = 0, _ instructions: [Instruction], globalPhase: Double = 0
) -> Circuit {
    Circuit(
        name: "test",
        qubitCount: qubits,
        clbitCount: clbits,
        quantumRegisters: [Register(name: "q", offset: 0, size: qubits)],
        classicalRegisters: clbits > 0 ? [Register(name: "c", offset: 0, size: clbits)] : [],
        instructions: instructions,
        globalPhase: globalPhase
    )
}

/// Gates drawn from every kind, with random angles and 0–2 random controls.
func randomGates(qubits: Int, count: Int, rng: inout SplitMix64, maxControls: Int = 2) -> [Gate] {
    (0..<count).map { _ in
        let kind = GateKind.allCases.randomElement(using: &rng)!
        var pool = Array(0..<qubits).shuffled(using: &rng)
        let targets = Array(pool.prefix(kind.qubitCount))
        pool.removeFirst(kind.qubitCount)
        let controlCount = Int.random(in: 0...min(maxControls, pool.count), using: &rng)
        let controls = Array(pool.prefix(controlCount))
        let parameters = (0..<kind.parameterCount).map { _ in Double.random(in: -.pi ... .pi, using: &rng) }
        return Gate(kind, parameters: parameters, controls: controls, targets: targets)
    }
}

/// The inverse of a primitive gate, built from the kinds' definitions.
func inverse(of gate: Gate) -> [Gate] {
    var g = gate
    switch gate.kind {
    case .id, .x, .y, .z, .h, .swap: return [gate]
    case .s: g.kind = .sdg
    case .sdg: g.kind = .s
    case .t: g.kind = .tdg
    case .tdg: g.kind = .t
    case .sx: g.kind = .sxdg
    case .sxdg: g.kind = .sx
    case .rx, .ry, .rz, .p, .rxx, .ryy, .rzz: g.parameters = [-gate.parameters[0]]
    case .u:
        // U(θ,φ,λ)† = U(-θ,-λ,-φ)
        g.parameters = [-gate.parameters[0], -gate.parameters[2], -gate.parameters[1]]
    }
    return [g]
}

func instructions(_ gates: [Gate]) -> [Instruction] {
    gates.map { Instruction(.gate($0)) }
}

func maxDifference(_ a: [ComplexDouble], _ b: [ComplexDouble]) -> Double {
    precondition(a.count == b.count)
    return zip(a, b).map { ($0 - $1).magnitudeSquared.squareRoot() }.max() ?? 0
}

/// Final statevector of `circuit` with the given options.
func statevector(
    _ circuit: Circuit, fusion: Bool = true, threads: Int = 1, tuning: ExecutionTuning = ExecutionTuning()
) throws -> [ComplexDouble] {
    let options = SimulatorOptions(shots: 0, seed: 1, threads: threads, statevector: true, fusion: fusion)
    return try StatevectorSimulator(options: options, tuning: tuning).run(circuit).statevector!
}

/// Tiny blocks so that small circuits go through blocking, gathering and several workers.
let tinyBlocks = ExecutionTuning(blockQubits: 4, minimumRunQubits: 1, parallelQubits: 5, maxFusedQubits: 3)

/// Total variation distance between two count tables of the same number of shots.
func totalVariation(_ a: [String: Int], _ b: [String: Int], shots: Int) -> Double {
    let keys = Set(a.keys).union(b.keys)
    return keys.reduce(0.0) { $0 + abs(Double(a[$1, default: 0] - b[$1, default: 0])) } / Double(2 * shots)
}
