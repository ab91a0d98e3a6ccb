extension Elaborator {
    /// `measure q -> c;` and `c = measure q;`, broadcast over whole registers; without
    /// a target, see `checkDiscardedMeasurements`.
    mutating func measure(_ qubits: Operand, into target: Operand?, at position: SourcePosition) throws(Reported) {
        let sources = try self.resolveQubits(qubits)
        guard let target else {
            self.circuit.usesVersion3Syntax = true
            for qubit in sources.indices {
                self.circuit.discardedMeasurements[qubit] = position
            }
            return
        }
        let targets = try self.resolveClbits(target)
        // Qiskit does not broadcast a measurement over a register into one bit, or one
        // qubit into a register, even when the register has a single element.
        guard sources.isRegister == targets.isRegister else {
            throw self.report(.measureShapeMismatch(registerIsQuantum: sources.isRegister), at: position)
        }
        guard sources.indices.count == targets.indices.count else {
            throw self.report(
                .measureSizeMismatch(qubits: sources.indices.count, bits: targets.indices.count), at: position)
        }
        let location = self.location(position)
        for (qubit, clbit) in zip(sources.indices, targets.indices) {
            self.circuit.discardedMeasurements[qubit] = nil
            try self.append(
                Instruction(.measure(qubit: qubit, clbit: clbit), condition: self.condition, location: location),
                at: position)
        }
    }

    mutating func reset(_ operands: [Operand], at position: SourcePosition) throws(Reported) {
        let location = self.location(position)
        for operand in operands {
            for qubit in try self.resolveQubits(operand).indices {
                // A reset makes an earlier measurement's effect on this qubit irrelevant.
                self.circuit.discardedMeasurements[qubit] = nil
                try self.append(
                    Instruction(.reset(qubit: qubit), condition: self.condition, location: location), at: position)
            }
        }
    }

    /// `barrier a, b[0];` over the named qubits, each once; a bare `barrier;` spans all.
    mutating func barrier(_ operands: [Operand], at position: SourcePosition) throws(Reported) {
        var qubits: [Int] = []
        if operands.isEmpty {
            qubits = Array(0..<self.circuit.qubitCount)
        } else {
            var seen: Set<Int> = []
            for operand in operands {
                for qubit in try self.resolveQubits(operand).indices where seen.insert(qubit).inserted {
                    qubits.append(qubit)
                }
            }
        }
        guard !qubits.isEmpty else { return }
        try self.append(
            Instruction(.barrier(qubits: qubits), condition: self.condition, location: self.location(position)),
            at: position)
    }

    /// Adds a gate to the circuit under the current condition.
    mutating func emit(_ gate: consuming Gate, location: SourceLocation, at position: SourcePosition) throws(Reported) {
        try self.checkDiscardedMeasurements(gate.controls, at: position)
        try self.checkDiscardedMeasurements(gate.targets, at: position)
        try self.append(Instruction(.gate(gate), condition: self.condition, location: location), at: position)
    }

    /// Adds an expanded operation to the circuit under the current condition.
    mutating func emit(_ operation: ElementaryOperation, location: SourceLocation, at position: SourcePosition)
        throws(Reported)
    {
        let instruction: Operation
        switch operation {
        case .gate(let gate):
            return try self.emit(gate, location: location, at: position)
        case .globalPhase(let angle):
            // A phase applied only in some shots is not global; between branches that a
            // measurement already separated it is unobservable, so it is dropped.
            if self.condition == nil {
                self.circuit.globalPhase += angle
            }
            return
        case .barrier(let qubits):
            instruction = .barrier(qubits: qubits)
        case .opaque(let name, let parameters, let qubits):
            try self.checkDiscardedMeasurements(qubits, at: position)
            instruction = .opaque(name: name, parameters: parameters, qubits: qubits)
        }
        try self.append(Instruction(instruction, condition: self.condition, location: location), at: position)
    }

    private mutating func append(_ instruction: consuming Instruction, at position: SourcePosition) throws(Reported) {
        guard self.circuit.instructions.count < self.instructionCap else {
            throw self.report(.tooManyInstructions(limit: self.instructionLimit), at: position)
        }
        self.circuit.instructions.append(instruction)
    }

    /// The IR has no measurement without a result bit. One whose qubit is never used
    /// again changes no counts and is dropped; one followed by more gates on its qubit
    /// would change them, so that is reported instead of silently ignored.
    private mutating func checkDiscardedMeasurements(_ qubits: [Int], at position: SourcePosition) throws(Reported) {
        guard !self.circuit.discardedMeasurements.isEmpty else { return }
        for qubit in qubits {
            if let measured = self.circuit.discardedMeasurements[qubit] {
                throw self.report(
                    .discardedMeasurementReused(self.circuit.qubitName(qubit)),
                    at: position,
                    notes: [self.note(NoteText.measuredWithoutTarget, at: measured)]
                )
            }
        }
    }
}
