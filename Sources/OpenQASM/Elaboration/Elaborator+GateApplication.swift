extension Elaborator {
    /// A gate application statement: checks it, broadcasts it over registers and emits
    /// the expansion of each application.
    mutating func apply(_ call: GateCall, at position: SourcePosition) throws(Reported) {
        let callee = try self.gateIndex(call.name)
        let gate = self.circuit.gates[callee]
        var modifiers: [AppliedModifier] = []
        var controls = 0
        for modifier in call.modifiers {
            let applied = try self.evaluate(modifier)
            controls += applied.controlCount
            modifiers.append(applied)
        }
        if !modifiers.isEmpty || gate.name == "gphase" {
            self.circuit.usesVersion3Syntax = true
        }
        try self.checkArity(call, of: gate, controls: controls)
        var parameters: [Double] = []
        parameters.reserveCapacity(call.parameters.count)
        for parameter in call.parameters {
            parameters.append(try self.evaluateAngle(parameter))
        }
        var operands: [ResolvedOperand] = []
        operands.reserveCapacity(call.operands.count)
        for operand in call.operands {
            operands.append(try self.resolveQubits(operand))
        }
        let width = try self.broadcastWidth(operands, call.operands)
        let (size, overflow) = gate.expansionSize.multipliedReportingOverflow(by: width)
        try self.checkSize((size, overflow), at: position)
        let location = self.location(position)
        var fastPath: Intrinsic?
        if modifiers.isEmpty, case .intrinsic(let intrinsic) = gate.body {
            fastPath = intrinsic
        }
        var qubits = [Int](repeating: 0, count: operands.count)
        for element in 0..<width {
            for (slot, operand) in operands.enumerated() {
                qubits[slot] = operand.isRegister ? operand.indices[element] : operand.indices[0]
            }
            try self.checkDistinct(qubits, gate: gate.name, operands: call.operands)
            if let fastPath, let primitive = fastPath.gate(parameters: parameters, qubits: qubits) {
                try self.emit(primitive, location: location, at: position)
                continue
            }
            var operations: [ElementaryOperation] = []
            try self.expand(
                callee,
                modifiers: modifiers,
                parameters: parameters,
                qubits: qubits,
                callSite: position,
                depth: 0,
                into: &operations
            )
            for operation in operations {
                try self.emit(operation, location: location, at: position)
            }
        }
    }

    /// How many applications a broadcast makes: the common size of the whole registers
    /// among the operands, or one.
    private mutating func broadcastWidth(_ operands: [ResolvedOperand], _ syntax: [Operand]) throws(Reported) -> Int {
        var width: Int?
        for (operand, written) in zip(operands, syntax) where operand.isRegister {
            guard let expected = width else {
                width = operand.indices.count
                continue
            }
            if operand.indices.count != expected {
                let sizes = zip(operands, syntax)
                    .filter { $0.0.isRegister }
                    .map { "'\($0.1.name.name)' of size \($0.0.indices.count)" }
                    .joined(separator: " and ")
                throw self.report(.broadcastSizeMismatch(sizes), at: written.name.position)
            }
        }
        return width ?? 1
    }

    /// Reports the second use of a qubit in one application, at the operand that repeats it.
    private mutating func checkDistinct(_ qubits: [Int], gate: String, operands: [Operand]) throws(Reported) {
        for later in qubits.indices.dropFirst() {
            for earlier in 0..<later where qubits[earlier] == qubits[later] {
                throw self.report(
                    .duplicateQubit(self.circuit.qubitName(qubits[later]), gate: gate),
                    at: operands[later].name.position
                )
            }
        }
    }

    private mutating func evaluate(_ modifier: GateModifier) throws(Reported) -> AppliedModifier {
        switch modifier.kind {
        case .inverse:
            return .inverse
        case .power(let exponent):
            return .power(try self.evaluateAngle(exponent))
        case .control(let count, let negative):
            return .control(count: try self.controlCount(count, negative: negative), negative: negative)
        }
    }

    // MARK: Expansion

    /// Appends the operations of one application of gate `callee` to flat `qubits`,
    /// controls of the modifiers first, as OpenQASM 3 orders them.
    ///
    /// Modifiers apply from the innermost (rightmost) out, each to the whole expansion
    /// of what it modifies. Errors in a gate body point at the body with a note at
    /// `callSite`, the statement that started the expansion.
    mutating func expand(
        _ callee: Int,
        modifiers: [AppliedModifier],
        parameters: [Double],
        qubits: [Int],
        callSite: SourcePosition,
        depth: Int,
        into operations: inout [ElementaryOperation]
    ) throws(Reported) {
        let gate = self.circuit.gates[callee]
        guard !modifiers.isEmpty else {
            return try self.expandBody(
                of: gate, parameters: parameters, qubits: qubits, callSite: callSite, depth: depth, into: &operations)
        }
        var controlGroups: [[Int]] = []
        var next = 0
        for modifier in modifiers where modifier.controlCount > 0 {
            controlGroups.append(Array(qubits[next..<next + modifier.controlCount]))
            next += modifier.controlCount
        }
        var inner: [ElementaryOperation] = []
        try self.expandBody(
            of: gate, parameters: parameters, qubits: Array(qubits[next...]), callSite: callSite, depth: depth,
            into: &inner)
        for modifier in modifiers.reversed() {
            switch modifier {
            case .inverse:
                inner = try self.modifying(at: callSite) { () throws(OpaqueGateModified) in
                    try ElementaryOperation.inverse(of: inner)
                }
            case .power(let exponent):
                inner = try self.power(inner, exponent, gate: gate.name, at: callSite)
            case .control(_, let negative):
                let controls = controlGroups.removeLast()
                inner = try self.modifying(at: callSite) { () throws(OpaqueGateModified) in
                    try ElementaryOperation.controlled(inner, by: controls, negative: negative)
                }
            }
        }
        try self.checkSize(operations.count + inner.count, at: callSite)
        operations += inner
    }

    private mutating func expandBody(
        of gate: GateDeclaration,
        parameters: [Double],
        qubits: [Int],
        callSite: SourcePosition,
        depth: Int,
        into operations: inout [ElementaryOperation]
    ) throws(Reported) {
        switch gate.body {
        case .intrinsic(let intrinsic):
            operations += intrinsic.operations(parameters: parameters, qubits: qubits)
        case .opaque:
            operations.append(.opaque(name: gate.name, parameters: parameters, qubits: qubits))
        case .defined(let body):
            guard depth < Limits.gateExpansionDepth else {
                throw self.report(.gateExpansionTooDeep(gate.name, limit: Limits.gateExpansionDepth), at: callSite)
            }
            for operation in body.operations {
                switch operation {
                case .barrier(let local):
                    operations.append(.barrier(local.map { qubits[$0] }))
                case .call(let call):
                    var values: [Double] = []
                    for parameter in call.parameters {
                        let value = try self.evaluate(
                            parameter, in: body, parameters, gate: gate.name, callSite: callSite)
                        values.append(try self.angle(value, at: parameter.position))
                    }
                    var modifiers: [AppliedModifier] = []
                    for modifier in call.modifiers {
                        switch modifier {
                        case .control(let count, let negative):
                            modifiers.append(.control(count: count, negative: negative))
                        case .inverse:
                            modifiers.append(.inverse)
                        case .power(let exponent):
                            let value = try self.evaluate(
                                exponent, in: body, parameters, gate: gate.name, callSite: callSite)
                            modifiers.append(.power(try self.angle(value, at: exponent.position)))
                        }
                    }
                    try self.expand(
                        call.callee,
                        modifiers: modifiers,
                        parameters: values,
                        qubits: call.qubits.map { qubits[$0] },
                        callSite: callSite,
                        depth: depth + 1,
                        into: &operations
                    )
                }
                try self.checkSize(operations.count, at: callSite)
            }
        }
    }

    /// Evaluates an expression of a gate body with the gate's parameters bound.
    private mutating func evaluate(
        _ expression: Expression,
        in body: GateBody,
        _ values: [Double],
        gate: String,
        callSite: SourcePosition
    ) throws(Reported) -> Value {
        let symbols = self.circuit.symbols
        do {
            return try ExpressionEvaluator.evaluate(expression) { name in
                if let index = body.parameterNames.firstIndex(of: name) {
                    return .value(.float(values[index]))
                }
                return Self.binding(symbols.lookupGlobal(name)?.symbol)
            }
        } catch {
            throw self.report(
                error.message, at: error.position, notes: [self.note(NoteText.inExpansion(of: gate), at: callSite)])
        }
    }

    /// `pow(k) @`: integer powers repeat the expansion (negative ones its inverse);
    /// other powers scale a single rotation or phase.
    private mutating func power(
        _ operations: [ElementaryOperation],
        _ exponent: Double,
        gate: String,
        at position: SourcePosition
    ) throws(Reported) -> [ElementaryOperation] {
        guard exponent.rounded() == exponent else {
            let scaled = try self.modifying(at: position) { () throws(OpaqueGateModified) in
                try ElementaryOperation.fractionalPower(of: operations, exponent)
            }
            guard let scaled else {
                throw self.report(.fractionalPower(exponent, gate: gate), at: position)
            }
            return scaled
        }
        guard let count = Int(exactly: exponent.magnitude), count <= self.instructionCap else {
            throw self.report(.tooManyInstructions(limit: self.instructionLimit), at: position)
        }
        guard count > 0, !operations.isEmpty else { return [] }
        let base =
            exponent < 0
            ? try self.modifying(at: position) { () throws(OpaqueGateModified) in
                try ElementaryOperation.inverse(of: operations)
            }
            : operations
        try self.checkSize(base.count.multipliedReportingOverflow(by: count), at: position)
        var result: [ElementaryOperation] = []
        result.reserveCapacity(base.count * count)
        for _ in 0..<count {
            result += base
        }
        return result
    }

    /// Runs a modifier transformation, reporting an opaque gate it cannot see into.
    private mutating func modifying<Result>(
        at position: SourcePosition,
        _ transform: () throws(OpaqueGateModified) -> Result
    ) throws(Reported) -> Result {
        do {
            return try transform()
        } catch {
            throw self.report(.opaqueUnderModifier(error.name), at: position)
        }
    }

    private mutating func checkSize(_ count: (partialValue: Int, overflow: Bool), at position: SourcePosition)
        throws(Reported)
    {
        guard !count.overflow else {
            throw self.report(.tooManyInstructions(limit: self.instructionLimit), at: position)
        }
        try self.checkSize(count.partialValue, at: position)
    }

    /// Bounds an expansion in progress by what the circuit may still hold.
    private mutating func checkSize(_ count: Int, at position: SourcePosition) throws(Reported) {
        guard count <= self.instructionCap - self.circuit.instructions.count else {
            throw self.report(.tooManyInstructions(limit: self.instructionLimit), at: position)
        }
    }
}
