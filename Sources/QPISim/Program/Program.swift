import OpenQASM

/// A validated circuit reduced to what the engine runs: gates, measurements and resets in
/// order, with barriers gone and useless resets dropped.
struct Program {
    struct Step {
        enum Action {
            case gate(Gate)
            case measure(qubit: Int, clbit: Int)
            case reset(qubit: Int)
        }

        var action: Action
        /// When set, the step runs only in branches whose clbits satisfy it.
        var condition: Condition?
    }

    let steps: [Step]
    /// Steps from this index on can be handled by evolving once and sampling: no gate or
    /// reset follows a measurement of the same qubit, and no condition reads a bit measured
    /// there. Conditions on bits measured earlier are fixed within a branch.
    let terminalFrom: Int

    /// Checks `circuit` against the IR's rules and lowers it.
    init(_ circuit: Circuit) throws(SimulationError) {
        var steps: [Step] = []
        // Qubits a gate may have moved away from |0⟩; a reset of any other qubit does nothing.
        var touched = Set<Int>()
        for instruction in circuit.instructions {
            if let condition = instruction.condition {
                try Self.check(condition, in: circuit, at: instruction.location)
            }
            switch instruction.operation {
            case .gate(let gate):
                try Self.check(gate, in: circuit, at: instruction.location)
                steps.append(Step(action: .gate(gate), condition: instruction.condition))
                touched.formUnion(gate.targets)
            case .measure(let qubit, let clbit):
                try Self.checkQubit(qubit, in: circuit, at: instruction.location)
                guard (0..<circuit.clbitCount).contains(clbit) else {
                    throw Self.invalid(
                        "measurement writes clbit \(clbit), but the circuit has \(circuit.clbitCount)",
                        instruction.location)
                }
                steps.append(Step(action: .measure(qubit: qubit, clbit: clbit), condition: instruction.condition))
            case .reset(let qubit):
                try Self.checkQubit(qubit, in: circuit, at: instruction.location)
                guard touched.contains(qubit) else { continue }
                steps.append(Step(action: .reset(qubit: qubit), condition: instruction.condition))
                if instruction.condition == nil { touched.remove(qubit) }
            case .barrier:
                continue
            case .opaque(let name, _, let qubits):
                throw SimulationError(
                    code: .opaqueGate,
                    message: "cannot run opaque gate '\(name)' on \(qubits.count) qubit(s): it has no definition; "
                        + "define it with a gate body or use built-in gates",
                    location: instruction.location
                )
            }
        }
        self.steps = steps
        self.terminalFrom = Self.terminalStart(of: steps)
    }

    /// The earliest index from which the remaining steps qualify for terminal sampling.
    private static func terminalStart(of steps: [Step]) -> Int {
        var touchedLater = Set<Int>()
        var readLater = Set<Int>()
        var index = steps.count
        while index > 0 {
            let step = steps[index - 1]
            switch step.action {
            case .gate(let gate):
                touchedLater.formUnion(gate.qubits)
            case .measure(let qubit, let clbit):
                if touchedLater.contains(qubit) || readLater.contains(clbit) { return index }
            case .reset:
                return index
            }
            if let condition = step.condition { readLater.formUnion(condition.clbits) }
            index -= 1
        }
        return 0
    }

    private static func check(_ gate: Gate, in circuit: Circuit, at location: SourceLocation?) throws(SimulationError) {
        let name = gate.kind.rawValue
        guard gate.targets.count == gate.kind.qubitCount else {
            throw Self.invalid(
                "gate '\(name)' takes \(gate.kind.qubitCount) target(s), got \(gate.targets.count)", location)
        }
        guard gate.parameters.count == gate.kind.parameterCount else {
            throw Self.invalid(
                "gate '\(name)' takes \(gate.kind.parameterCount) parameter(s), got \(gate.parameters.count)", location)
        }
        for parameter in gate.parameters where !parameter.isFinite {
            throw Self.invalid("gate '\(name)' has a non-finite parameter \(parameter)", location)
        }
        let qubits = gate.qubits
        for qubit in qubits {
            try Self.checkQubit(qubit, in: circuit, at: location)
        }
        guard Set(qubits).count == qubits.count else {
            throw Self.invalid(
                "gate '\(name)' uses a qubit twice (controls \(gate.controls), targets \(gate.targets))", location)
        }
    }

    private static func check(_ condition: Condition, in circuit: Circuit, at location: SourceLocation?)
        throws(SimulationError)
    {
        for clbit in condition.clbits where !(0..<circuit.clbitCount).contains(clbit) {
            throw Self.invalid("condition reads clbit \(clbit), but the circuit has \(circuit.clbitCount)", location)
        }
    }

    private static func checkQubit(_ qubit: Int, in circuit: Circuit, at location: SourceLocation?)
        throws(SimulationError)
    {
        guard (0..<circuit.qubitCount).contains(qubit) else {
            throw Self.invalid(
                "qubit \(qubit) is out of range: the circuit has \(circuit.qubitCount) qubit(s)", location)
        }
    }

    private static func invalid(_ message: String, _ location: SourceLocation?) -> SimulationError {
        SimulationError(code: .invalidCircuit, message: message, location: location)
    }
}

extension Condition {
    /// Whether the condition holds for the given clbit values.
    func holds(for clbits: [Bool]) -> Bool {
        var equal = true
        for (bit, clbit) in self.clbits.enumerated() {
            let expected = bit < 64 ? (self.value >> UInt64(bit)) & 1 == 1 : false
            if clbits[clbit] != expected {
                equal = false
                break
            }
        }
        // Bits of `value` beyond the register can never match.
        if self.clbits.count < 64, self.value >> UInt64(self.clbits.count) != 0 { equal = false }
        return equal != self.negated
    }
}
