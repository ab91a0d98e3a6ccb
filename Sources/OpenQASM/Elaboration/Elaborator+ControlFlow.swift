/// What an `if` condition on bits comes to: a run-time comparison, or a constant when
/// the value compared can never fit the bits (Qiskit accepts `if (c == 8)` for two bits).
enum ConditionOutcome {
    case runtime(Condition)
    case constant(Bool)
}

extension Elaborator {
    // MARK: If

    /// `if (…) … else …`. A condition on measured bits goes on every instruction of the
    /// branch (the else branch gets it negated); a condition on constants alone, as in
    /// `if (i == 2)` inside a loop, picks its branch at compile time.
    mutating func elaborateConditional(_ expression: Expression, then: [Statement], otherwise: [Statement]?)
        throws(Reported)
    {
        guard self.readsBits(expression) else {
            let value = try self.evaluate(expression)
            let holds: Bool
            switch value {
            case .bool(let flag): holds = flag
            case .int(let integer): holds = integer != 0
            case .float:
                throw self.report(
                    .expectedValue("a boolean", in: "an 'if' condition", found: value.description),
                    at: expression.position)
            }
            if holds {
                self.elaborateBlock(then)
            } else if let otherwise {
                self.elaborateBlock(otherwise)
            }
            return
        }
        let branch: Condition
        switch try self.condition(from: expression) {
        case .runtime(let condition):
            branch = condition
        case .constant(true):
            return self.elaborateBlock(then)
        case .constant(false):
            return otherwise.map { self.elaborateBlock($0) } ?? ()
        }
        let outer = self.condition
        self.condition = try self.conjoin(outer, branch, at: expression.position)
        self.elaborateBlock(then)
        self.condition = outer
        guard let otherwise else { return }
        self.condition = try self.conjoin(outer, branch.negation, at: expression.position)
        self.elaborateBlock(otherwise)
        self.condition = outer
    }

    /// Whether the expression reads a classical register or bit, which makes it a
    /// run-time condition.
    private func readsBits(_ expression: Expression) -> Bool {
        expression.fold { (node: Expression.Node, operands: ArraySlice<Bool>) -> Bool in
            switch node.operation {
            case .identifier(let name): self.isClassical(name)
            case .indexed(let name, _): self.isClassical(name.name)
            default: operands.contains(true)
            }
        }
    }

    private func isClassical(_ name: String) -> Bool {
        switch self.circuit.symbols.lookup(name)?.symbol {
        case .classicalRegister, .bit: true
        default: false
        }
    }

    /// The IR condition for `c == n`, `c != n`, `c[i]`, `!c[i]`, `c0 == true` and the like.
    private mutating func condition(from expression: Expression) throws(Reported) -> ConditionOutcome {
        var expression = expression
        while case .cast(.bool, _, let operand) = expression.kind {
            expression = operand
        }
        switch expression.kind {
        case .binary(let operation, let left, let right) where operation == .equal || operation == .notEqual:
            if let bits = try self.bits(left) {
                return try self.comparison(bits, right, negated: operation == .notEqual)
            }
            if let bits = try self.bits(right) {
                return try self.comparison(bits, left, negated: operation == .notEqual)
            }
        case .unary(.not, let operand):
            if let bits = try self.bits(operand) {
                return self.makeCondition(bits, value: 0, negated: false, at: expression.position)
            }
        default:
            if let bits = try self.bits(expression) {
                return self.makeCondition(bits, value: 0, negated: true, at: expression.position)
            }
        }
        throw self.report(
            .unsupportedCondition("compare a classical register or bit with '==' or '!=', or test a bit by itself"),
            at: expression.position
        )
    }

    /// The bits a register, loose bit or indexed bit names, through any casts to `int`,
    /// `uint` or `bool`; nil for other expressions.
    private mutating func bits(_ expression: Expression) throws(Reported) -> [Int]? {
        var casts: [(type: ScalarType, width: Expression?)] = []
        var named = expression
        while case .cast(let type, let width, let operand) = named.kind, [.int, .uint, .bool].contains(type) {
            casts.append((type, width))
            named = operand
        }
        guard var bits = try self.namedBits(named) else { return nil }
        for (type, width) in casts.reversed() {
            if type == .bool {
                guard bits.count == 1 else { return nil }
                continue
            }
            // `int[n](c)` reads the low n bits of c as an integer.
            guard let width else { continue }
            let count = try self.evaluateInteger(width, "a width")
            guard count > 0 else {
                throw self.report(
                    .expectedValue("a positive integer", in: "a width", found: "\(count)"), at: width.position)
            }
            bits = Array(bits.prefix(count))
        }
        return bits
    }

    private mutating func namedBits(_ expression: Expression) throws(Reported) -> [Int]? {
        switch expression.kind {
        case .identifier(let name):
            switch self.circuit.symbols.lookup(name)?.symbol {
            case .classicalRegister(let register): return Array(register.indices)
            case .bit(let index): return [index]
            default: return nil
            }
        case .indexed(let name, let index):
            switch self.circuit.symbols.lookup(name.name)?.symbol {
            case .classicalRegister, .bit: return try self.resolveClbits(Operand(name: name, index: index)).indices
            default: return nil
            }
        default:
            return nil
        }
    }

    private mutating func comparison(_ bits: [Int], _ valueExpression: Expression, negated: Bool) throws(Reported)
        -> ConditionOutcome
    {
        let value = try self.evaluate(valueExpression)
        let integer: Int
        switch value {
        case .int(let number): integer = number
        case .bool(let flag): integer = flag ? 1 : 0
        case .float(let real) where real.rounded() == real && real >= 0x1p63:
            // An integer beyond 64 bits: wider than any register a condition can compare exactly.
            guard bits.count <= 64 else {
                throw self.report(
                    .unsupportedCondition("comparing more than 64 bits with a value beyond 64 bits"),
                    at: valueExpression.position)
            }
            self.report(.conditionNeverHolds("\(real)", bits: bits.count), at: valueExpression.position)
            return .constant(negated)
        case .float:
            throw self.report(
                .expectedValue("an integer", in: "a value compared with bits", found: value.description),
                at: valueExpression.position
            )
        }
        guard integer >= 0 else {
            throw self.report(.conditionValueTooWide(String(integer), bits: bits.count), at: valueExpression.position)
        }
        return self.makeCondition(bits, value: UInt64(integer), negated: negated, at: valueExpression.position)
    }

    /// Bits beyond the 64 of `value` compare with zero, so any register width works.
    private mutating func makeCondition(_ bits: [Int], value: UInt64, negated: Bool, at position: SourcePosition)
        -> ConditionOutcome
    {
        guard bits.count >= 64 || value >> UInt64(bits.count) == 0 else {
            self.report(.conditionNeverHolds(String(value), bits: bits.count), at: position)
            return .constant(negated)
        }
        return .runtime(Condition(clbits: bits, value: value, negated: negated).normalized)
    }

    /// Both conditions at once, for an `if` nested in another (or an `else if`). The IR
    /// holds one comparison, so this works only where the pair is one comparison.
    private mutating func conjoin(_ outer: Condition?, _ inner: Condition, at position: SourcePosition) throws(Reported)
        -> Condition
    {
        guard let outer else { return inner }
        guard outer.clbits == inner.clbits else {
            throw self.report(
                .unsupportedCondition("a nested 'if' must test the same bits as the 'if' around it"), at: position)
        }
        switch (outer.negated, inner.negated) {
        case (false, false) where outer.value == inner.value,
            (true, true) where outer.value == inner.value,
            (true, false) where outer.value != inner.value:
            return inner
        case (false, true) where outer.value != inner.value:
            return outer
        default:
            throw self.report(
                .unsupportedCondition("the nested conditions do not combine into one comparison"), at: position)
        }
    }

    // MARK: For

    /// Unrolls a `for` loop; each iteration gets a fresh scope with the loop variable.
    mutating func elaborateLoop(_ loop: ForLoop) throws(Reported) {
        switch loop.iterable {
        case .range(let startExpression, let stepExpression, let endExpression):
            let start = try self.evaluateInteger(startExpression, "a range bound")
            let end = try self.evaluateInteger(endExpression, "a range bound")
            var step = 1
            if let stepExpression {
                step = try self.evaluateInteger(stepExpression, "a range step")
                guard step != 0 else { throw self.report(.zeroLoopStep, at: stepExpression.position) }
            }
            var value = start
            while step > 0 ? value <= end : value >= end {
                guard try self.iterate(loop, with: .int(value)) else { return }
                let next = value.addingReportingOverflow(step)
                guard !next.overflow else { return }
                value = next.partialValue
            }
        case .set(let expressions):
            var values: [Value] = []
            for expression in expressions {
                values.append(try self.evaluate(expression))
            }
            for value in values {
                guard try self.iterate(loop, with: value) else { return }
            }
        }
    }

    /// Elaborates the body once; false when the loop should stop, because errors in one
    /// iteration would repeat in every other.
    private mutating func iterate(_ loop: ForLoop, with value: Value) throws(Reported) -> Bool {
        self.loopIterations += 1
        guard self.loopIterations <= Limits.loopIterations else {
            throw self.report(.tooManyLoopIterations(limit: Limits.loopIterations), at: loop.variable.position)
        }
        var bound = value
        if let type = loop.type {
            guard let converted = value.converted(to: type) else {
                throw self.report(
                    .expectedValue(type.withArticle, in: "the loop variable", found: value.description),
                    at: loop.variable.position)
            }
            bound = converted
        }
        let errorsBefore = self.errorCount
        self.circuit.symbols.pushScope()
        self.circuit.symbols.declare(loop.variable.name, .value(bound), at: loop.variable.position)
        for statement in loop.body {
            self.elaborate(statement, in: .nested)
        }
        self.circuit.symbols.popScope()
        return self.errorCount == errorsBefore && !self.hasStopped
    }
}
