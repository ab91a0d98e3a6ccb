/// Qubits or bits an operand names: one element, or a whole register to broadcast over.
struct ResolvedOperand {
    var indices: [Int]
    var isRegister: Bool
}

extension Elaborator {
    // MARK: Constants

    /// Evaluates a constant expression in the current scopes.
    mutating func evaluate(_ expression: Expression) throws(Reported) -> Value {
        // Literals are most of what real files hold (every index); skip the evaluator.
        switch expression.operation {
        case .integer(let value): return .int(value)
        case .real(let value) where value.isFinite: return .float(value)
        default: break
        }
        let symbols = self.circuit.symbols
        do {
            return try ExpressionEvaluator.evaluate(expression) { Self.binding(symbols.lookup($0)?.symbol) }
        } catch {
            throw self.report(error.message, at: error.position)
        }
    }

    /// Evaluates an expression that must be an integer; `what` names it for the error.
    mutating func evaluateInteger(_ expression: Expression, _ what: String) throws(Reported) -> Int {
        let value = try self.evaluate(expression)
        guard case .int(let integer) = value else {
            if case .float(let real) = value, real.rounded() == real, real.magnitude >= 0x1p63 {
                throw self.report(.integerTooLarge(real), at: expression.position)
            }
            throw self.report(.expectedValue("an integer", in: what, found: value.description), at: expression.position)
        }
        return integer
    }

    /// Evaluates a gate angle in radians.
    mutating func evaluateAngle(_ expression: Expression) throws(Reported) -> Double {
        try self.angle(try self.evaluate(expression), at: expression.position)
    }

    /// A value used as an angle: any number, not a boolean.
    mutating func angle(_ value: Value, at position: SourcePosition) throws(Reported) -> Double {
        if case .bool = value {
            throw self.report(
                .expectedValue("a number", in: "a gate parameter", found: value.description), at: position)
        }
        return value.real
    }

    static func binding(_ symbol: Symbol?) -> ExpressionEvaluator.Binding {
        switch symbol {
        case .none: .undeclared
        case .value(let value): .value(value)
        case .some(let symbol): .other(symbol.description)
        }
    }

    // MARK: Operands

    mutating func resolveQubits(_ operand: Operand) throws(Reported) -> ResolvedOperand {
        try self.resolve(operand, isQuantum: true)
    }

    mutating func resolveClbits(_ operand: Operand) throws(Reported) -> ResolvedOperand {
        try self.resolve(operand, isQuantum: false)
    }

    private mutating func resolve(_ operand: Operand, isQuantum: Bool) throws(Reported) -> ResolvedOperand {
        let entry = try self.lookup(operand.name)
        switch (entry.symbol, isQuantum) {
        case (.quantumRegister(let register), true), (.classicalRegister(let register), false):
            return try self.select(operand, in: register)
        case (.qubit(let index), true), (.bit(let index), false):
            if let index = operand.index {
                throw self.report(
                    .notIndexable(operand.name.name, actual: entry.symbol.description), at: index.position)
            }
            return ResolvedOperand(indices: [index], isRegister: false)
        default:
            let name = operand.name.name
            let actual = entry.symbol.description
            let message: Message =
                isQuantum ? .expectedQuantum(name, actual: actual) : .expectedClassical(name, actual: actual)
            throw self.report(message, at: operand.name.position)
        }
    }

    mutating func lookup(_ name: Identifier) throws(Reported) -> SymbolTable.Entry {
        guard let entry = self.circuit.symbols.lookup(name.name) else {
            throw self.report(.undeclared(name.name), at: name.position)
        }
        return entry
    }

    /// One element of `register`, or all of it; negative indices count from the end,
    /// as in OpenQASM 3.
    mutating func select(_ operand: Operand, in register: Register) throws(Reported) -> ResolvedOperand {
        guard let indexExpression = operand.index else {
            return ResolvedOperand(indices: Array(register.indices), isRegister: true)
        }
        let index = try self.evaluateInteger(indexExpression, "an index")
        let element = index < 0 ? index + register.size : index
        guard (0..<register.size).contains(element) else {
            throw self.report(
                .indexOutOfRange(index, register: register.name, size: register.size), at: indexExpression.position)
        }
        return ResolvedOperand(indices: [register.offset + element], isRegister: false)
    }
}
