extension Elaborator {
    /// Checks a `gate` definition and adds it to the circuit's gates. Everything that
    /// does not depend on argument values is checked here, once, so that expansion only
    /// evaluates angles.
    mutating func defineGate(_ definition: GateDefinition) throws(Reported) {
        let signature = definition.signature
        try self.checkGateName(signature.name)
        try self.checkDistinct(signature.parameters + signature.qubits)
        let parameters = signature.parameters.map(\.name)
        let qubits = signature.qubits.map(\.name)
        var operations: [BodyOperation] = []
        for statement in definition.body {
            do {
                operations.append(try self.compile(statement, parameters: parameters, qubits: qubits))
            } catch {
                // Reported; the gate is still defined so its uses do not cascade into errors.
            }
        }
        self.circuit.gates.add(
            GateDeclaration(
                name: signature.name.name,
                parameterCount: parameters.count,
                qubitCount: qubits.count,
                body: .defined(GateBody(parameterNames: parameters, operations: operations)),
                origin: .source(signature.name.position),
                expansionSize: self.expansionSize(of: operations)
            )
        )
    }

    /// The operations a body expands to, saturating instead of overflowing.
    private func expansionSize(of operations: [BodyOperation]) -> Int {
        func add(_ left: Int, _ right: Int) -> Int {
            let sum = left.addingReportingOverflow(right)
            return sum.overflow ? .max : sum.partialValue
        }
        var total = 0
        for operation in operations {
            var size = 1
            if case .call(let call) = operation {
                size = self.circuit.gates[call.callee].expansionSize
                for case .control(count: let count, negative: true) in call.modifiers {
                    // The X gates around negative controls.
                    size = add(size, 2 * count)
                }
            }
            total = add(total, size)
        }
        return total
    }

    mutating func declareOpaque(_ signature: GateSignature) throws(Reported) {
        try self.checkGateName(signature.name)
        try self.checkDistinct(signature.parameters + signature.qubits)
        self.circuit.gates.add(
            GateDeclaration(
                name: signature.name.name,
                parameterCount: signature.parameters.count,
                qubitCount: signature.qubits.count,
                body: .opaque,
                origin: .source(signature.name.position),
                expansionSize: 1
            )
        )
    }

    /// The gate a call names.
    mutating func gateIndex(_ name: Identifier) throws(Reported) -> Int {
        guard let index = self.circuit.gates.index(of: name.name) else {
            let library = StandardLibrary.declaring(name.name).flatMap { library in
                self.circuit.includedLibraries.contains(library) ? nil : library.rawValue
            }
            throw self.report(.unknownGate(name.name, library: library), at: name.position)
        }
        return index
    }

    /// Checks the number of parameters and qubits of an application of `gate`.
    mutating func checkArity(_ call: GateCall, of gate: GateDeclaration, controls: Int) throws(Reported) {
        guard call.parameters.count == gate.parameterCount else {
            throw self.report(
                .wrongParameterCount(gate.name, expected: gate.parameterCount, found: call.parameters.count),
                at: call.name.position
            )
        }
        guard call.operands.count == gate.qubitCount + controls else {
            throw self.report(
                .wrongQubitCount(gate.name, expected: gate.qubitCount + controls, found: call.operands.count),
                at: call.name.position
            )
        }
    }

    /// The number of control qubits of `ctrl(n) @`; one without a count.
    mutating func controlCount(_ count: Expression?, negative: Bool) throws(Reported) -> Int {
        guard let count else { return 1 }
        let value = try self.evaluateInteger(count, "a control count")
        guard (1...Limits.bits).contains(value) else {
            throw self.report(.invalidModifierCount(negative ? "negctrl" : "ctrl", value), at: count.position)
        }
        return value
    }

    // MARK: Bodies

    private mutating func compile(_ statement: Statement, parameters: [String], qubits: [String]) throws(Reported)
        -> BodyOperation
    {
        switch statement.kind {
        case .gateCall(let call):
            return .call(try self.compile(call, at: statement.position, parameters: parameters, qubits: qubits))
        case .barrier(let operands):
            guard !operands.isEmpty else { return .barrier(Array(qubits.indices)) }
            var indices: [Int] = []
            for operand in operands {
                indices.append(try self.localQubit(operand, qubits))
            }
            return .barrier(indices)
        default:
            throw self.report(.notInGateBody(Self.describe(statement.kind)), at: statement.position)
        }
    }

    private mutating func compile(
        _ call: GateCall,
        at position: SourcePosition,
        parameters: [String],
        qubits: [String]
    ) throws(Reported) -> BodyCall {
        let callee = try self.gateIndex(call.name)
        var modifiers: [BodyModifier] = []
        var controls = 0
        for modifier in call.modifiers {
            self.circuit.usesVersion3Syntax = true
            switch modifier.kind {
            case .inverse:
                modifiers.append(.inverse)
            case .power(let exponent):
                try self.checkNames(in: exponent, parameters: parameters)
                try self.foldConstants(in: exponent, parameters: parameters)
                modifiers.append(.power(exponent))
            case .control(let count, let negative):
                let count = try self.controlCount(count, negative: negative)
                controls += count
                modifiers.append(.control(count: count, negative: negative))
            }
        }
        try self.checkArity(call, of: self.circuit.gates[callee], controls: controls)
        for parameter in call.parameters {
            try self.checkNames(in: parameter, parameters: parameters)
            try self.foldConstants(in: parameter, parameters: parameters)
        }
        var indices: [Int] = []
        for operand in call.operands {
            let index = try self.localQubit(operand, qubits)
            if indices.contains(index) {
                throw self.report(.duplicateQubit(operand.name.name, gate: call.name.name), at: operand.name.position)
            }
            indices.append(index)
        }
        return BodyCall(
            callee: callee, modifiers: modifiers, parameters: call.parameters, qubits: indices, position: position)
    }

    /// The index of a gate's qubit argument named by `operand`.
    private mutating func localQubit(_ operand: Operand, _ qubits: [String]) throws(Reported) -> Int {
        if let index = operand.index {
            throw self.report(.indexedGateArgument, at: index.position)
        }
        guard let index = qubits.firstIndex(of: operand.name.name) else {
            throw self.report(.undeclared(operand.name.name), at: operand.name.position)
        }
        return index
    }

    /// Checks that every name in a body expression is a gate parameter or a global
    /// constant, the only values a gate body can see.
    private mutating func checkNames(in expression: Expression, parameters: [String]) throws(Reported) {
        try expression.fold(visitingWidths: true) { (node: Expression.Node, _: ArraySlice<Void>) throws(Reported) in
            switch node.operation {
            case .identifier(let name):
                guard !parameters.contains(name), ExpressionEvaluator.builtinConstant(name) == nil else { return }
                try self.checkGlobalConstant(name, at: node.position)
            case .indexed(let name, _):
                try self.checkGlobalConstant(name.name, at: name.position)
            default:
                return
            }
        }
    }

    /// Evaluates the parts of a body expression that do not depend on the gate's
    /// parameters, as Qiskit folds them, so that `1/0`, `ln(0)` or `t / 0` in a body is an
    /// error where it is written, whether or not the gate is ever applied.
    private mutating func foldConstants(in expression: Expression, parameters: [String]) throws(Reported) {
        if try self.isConstant(expression, parameters: parameters) {
            _ = try self.evaluate(expression)
        }
    }

    /// Whether `expression` uses none of `parameters`; the constant operands of an
    /// expression that does are evaluated on the way, and a constant zero divisor is
    /// reported even under a parameter dividend.
    private mutating func isConstant(_ expression: Expression, parameters: [String]) throws(Reported) -> Bool {
        try expression.fold { (node: Expression.Node, operands: ArraySlice<Bool>) throws(Reported) -> Bool in
            switch node.operation {
            case .identifier(let name):
                return !parameters.contains(name)
            case .integer, .real, .boolean, .indexed:
                return true
            case .unary, .cast:
                return operands[operands.startIndex]
            case .binary(let operation, let left, let right):
                let isLeftConstant = operands[operands.startIndex]
                let isRightConstant = operands[operands.startIndex + 1]
                guard !(isLeftConstant && isRightConstant) else { return true }
                if isLeftConstant {
                    _ = try self.evaluate(expression.operand(left))
                }
                if isRightConstant {
                    let divisor = try self.evaluate(expression.operand(right))
                    if operation == .divide || operation == .remainder, divisor.real == 0 {
                        throw self.report(.divisionByZero, at: node.position)
                    }
                }
                return false
            case .call(_, let arguments):
                guard operands.contains(false) else { return true }
                for (argument, isConstant) in zip(arguments, operands) where isConstant {
                    _ = try self.evaluate(expression.operand(argument))
                }
                return false
            }
        }
    }

    private mutating func checkGlobalConstant(_ name: String, at position: SourcePosition) throws(Reported) {
        switch self.circuit.symbols.lookupGlobal(name)?.symbol {
        case .value:
            return
        case .none:
            throw self.report(.undeclared(name), at: position)
        case .some(let symbol):
            throw self.report(.notConstant(name, actual: symbol.description), at: position)
        }
    }

    // MARK: Names

    /// Reports a redefinition when a gate called `name` exists and may not be replaced,
    /// or, in OpenQASM 2, a register already has the name.
    private mutating func checkGateName(_ name: Identifier) throws(Reported) {
        if self.isVersion2, let symbol = self.circuit.symbols.lookupGlobal(name.name) {
            let note = self.note(NoteText.firstDeclared(name.name), at: symbol.position)
            throw self.report(.redefinition(name.name), at: name.position, notes: [note])
        }
        guard let existing = self.circuit.gates.index(of: name.name) else { return }
        switch self.circuit.gates[existing].origin {
        case .builtin(replaceable: true) where !self.isVersion2:
            return
        case .builtin(replaceable: true):
            throw self.report(.redefinitionOfBuiltin(name.name), at: name.position)
        case .builtin(replaceable: false):
            throw self.report(.redefinitionOfBuiltin(name.name), at: name.position)
        case .library(let library, let includedAt):
            let note = self.note(NoteText.includedLibrary(name.name, library: library.rawValue), at: includedAt)
            throw self.report(.redefinition(name.name), at: name.position, notes: [note])
        case .source(let first):
            let note = self.note(NoteText.firstDeclared(name.name), at: first)
            throw self.report(.redefinition(name.name), at: name.position, notes: [note])
        }
    }

    /// Reports the second of two parameters or qubit arguments with the same name.
    private mutating func checkDistinct(_ names: [Identifier]) throws(Reported) {
        var seen: [String: SourcePosition] = [:]
        for name in names {
            if let first = seen[name.name] {
                let note = self.note(NoteText.firstDeclared(name.name), at: first)
                throw self.report(.redefinition(name.name), at: name.position, notes: [note])
            }
            seen[name.name] = name.position
        }
    }

    private static func describe(_ kind: Statement.Kind) -> String {
        switch kind {
        case .version: "a version statement"
        case .include: "'include'"
        case .registerDeclaration, .scalarDeclaration: "a declaration"
        case .gateDefinition: "a gate definition"
        case .opaqueDeclaration: "an opaque declaration"
        case .gateCall, .barrier: "this statement"
        case .measure: "'measure'"
        case .reset: "'reset'"
        case .conditional: "'if'"
        case .loop: "'for'"
        case .block: "a block"
        }
    }
}
