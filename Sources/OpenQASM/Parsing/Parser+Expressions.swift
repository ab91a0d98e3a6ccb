extension Parser {
    mutating func parseExpression() throws(Stop) -> Expression {
        if let literal = try self.parseLoneOperand() {
            return literal
        }
        try self.enterExpression()
        defer { self.leaveExpression() }
        return try self.parseBinary(minimumPrecedence: 1)
    }

    /// A comma-separated list of at least one expression.
    mutating func parseExpressions() throws(Stop) -> [Expression] {
        var expressions: [Expression] = []
        repeat {
            expressions.append(try self.parseExpression())
        } while self.consume(.comma)
        return expressions
    }

    /// A literal or name that makes up a whole expression, as indices and most angles
    /// do, read without descending through every precedence level; nil otherwise.
    private mutating func parseLoneOperand() throws(Stop) -> Expression? {
        switch self.token.kind {
        case .integer, .real, .identifier:
            break
        default:
            return nil
        }
        switch self.peek().kind {
        case .rightBracket, .rightParen, .comma, .semicolon:
            return try self.parsePrimary()
        default:
            return nil
        }
    }

    /// Precedence climbing over the left-associative binary operators.
    private mutating func parseBinary(minimumPrecedence: Int) throws(Stop) -> Expression {
        var left = try self.parseUnary()
        while let (operation, precedence) = self.binaryOperator(), precedence >= minimumPrecedence {
            let position = self.position
            self.advance()
            let right = try self.parseBinary(minimumPrecedence: precedence + 1)
            left = try self.bounded(Expression(.binary(operation, left, right), at: position))
        }
        return left
    }

    private func binaryOperator() -> (BinaryOperator, Int)? {
        switch self.token.kind {
        case .doublePipe: (.or, 1)
        case .doubleAmpersand: (.and, 2)
        case .pipe: (.bitwiseOr, 3)
        case .caret where self.isVersion3: (.bitwiseXor, 4)
        case .ampersand: (.bitwiseAnd, 5)
        case .equalEquals: (.equal, 6)
        case .bangEquals: (.notEqual, 6)
        case .less: (.less, 7)
        case .lessEquals: (.lessOrEqual, 7)
        case .greater: (.greater, 7)
        case .greaterEquals: (.greaterOrEqual, 7)
        case .shiftLeft: (.shiftLeft, 8)
        case .shiftRight: (.shiftRight, 8)
        case .plus: (.add, 9)
        case .minus: (.subtract, 9)
        case .star: (.multiply, 10)
        case .slash: (.divide, 10)
        case .percent: (.remainder, 10)
        default: nil
        }
    }

    /// Unary operators bind more loosely than powers: `-2^2` is -4, as in Qiskit.
    /// A run of prefix operators is read in a loop, so `----x` costs no recursion.
    private mutating func parseUnary() throws(Stop) -> Expression {
        var prefixes: [(UnaryOperator, SourcePosition)] = []
        while let operation = self.unaryOperator() {
            prefixes.append((operation, self.position))
            self.advance()
        }
        var operand = try self.parsePower()
        for (operation, position) in prefixes.reversed() {
            operand = try self.bounded(Expression(.unary(operation, operand), at: position))
        }
        return operand
    }

    private func unaryOperator() -> UnaryOperator? {
        switch self.token.kind {
        case .minus: .negate
        case .plus: .plus
        case .bang: .not
        case .tilde: .bitwiseNot
        default: nil
        }
    }

    /// `base ** exponent`, right-associative; `^` is the power operator in OpenQASM 2.
    private mutating func parsePower() throws(Stop) -> Expression {
        let base = try self.parsePrimary()
        guard self.token.kind == .doubleStar || (self.token.kind == .caret && !self.isVersion3) else { return base }
        let position = self.position
        self.advance()
        try self.enterExpression()
        defer { self.leaveExpression() }
        let exponent = try self.parseUnary()
        return try self.bounded(Expression(.binary(.power, base, exponent), at: position))
    }

    private mutating func parsePrimary() throws(Stop) -> Expression {
        let position = self.position
        switch self.token.kind {
        case .integer:
            let literal = self.integerLiteral(self.token)
            self.advance()
            return Expression(literal, at: position)
        case .real:
            var text = self.text
            if self.source.bytes[self.token.start..<self.token.end].contains(UInt8(ascii: "_")) {
                text.removeAll { $0 == "_" }
            }
            guard let value = Double(text) else {
                throw self.fail(expected: "number")
            }
            self.advance()
            return Expression(.real(value), at: position)
        case .identifier:
            return try self.parseNameExpression()
        case .leftParen:
            self.advance()
            let inner = try self.parseExpression()
            try self.expect(.rightParen, "')'")
            return inner
        case .durationLiteral:
            throw self.rejectUnsupported("duration literal", at: self.token.start)
        case .imaginaryLiteral:
            throw self.rejectUnsupported("imaginary literal", at: self.token.start)
        case .string:
            throw self.rejectUnsupported("bit string literal", at: self.token.start)
        default:
            throw self.fail(expected: "expression")
        }
    }

    /// A name, `true`/`false`, a call `f(x)` or an indexed bit `c[0]`.
    private mutating func parseNameExpression() throws(Stop) -> Expression {
        let name = Identifier(name: self.text, position: self.position)
        self.advance()
        switch name.name {
        case "true": return Expression(.boolean(true), at: name.position)
        case "false": return Expression(.boolean(false), at: name.position)
        default: break
        }
        if let type = Keyword.named(name.name)?.scalarType,
            self.token.kind == .leftParen || self.token.kind == .leftBracket
        {
            return try self.parseCast(to: type, at: name.position)
        }
        if self.consume(.leftParen) {
            var arguments: [Expression] = []
            if !self.consume(.rightParen) {
                arguments = try self.parseExpressions()
                try self.expect(.rightParen, "',' or ')' after argument")
            }
            return try self.bounded(Expression(.call(name, arguments), at: name.position))
        }
        if self.consume(.leftBracket) {
            let index = try self.parseExpression()
            try self.expect(.rightBracket, "']' after index")
            return try self.bounded(Expression(.indexed(name, index), at: name.position))
        }
        return Expression(.identifier(name.name), at: name.position)
    }

    /// `type(value)` or `type[width](value)`, after the type's name.
    private mutating func parseCast(to type: ScalarType, at position: SourcePosition) throws(Stop) -> Expression {
        var width: Expression?
        if self.token.kind == .leftBracket {
            guard type != .bool else { throw self.fail(expected: "'(' after 'bool', which takes no width") }
            self.advance()
            width = try self.parseExpression()
            try self.expect(.rightBracket, "']' after the width")
        }
        try self.expect(.leftParen, "'(' and the value to convert")
        let operand = try self.parseExpression()
        try self.expect(.rightParen, "')' after the value to convert")
        return try self.bounded(Expression(.cast(type, width: width, operand), at: position))
    }

    /// Rejects trees taller than the evaluator follows; long flat chains such as
    /// `1+1+…+1` build deep trees without deep parser recursion.
    private mutating func bounded(_ expression: Expression) throws(Stop) -> Expression {
        guard expression.depth <= Limits.expressionDepth else {
            self.report(.nestingTooDeep(limit: Limits.expressionDepth), at: expression.position.offset)
            throw .abandon
        }
        return expression
    }

    /// The value of a decimal, `0x`, `0o` or `0b` literal, read from its bytes (this is
    /// the hottest literal: every index). One beyond 64 bits is read as a float, as
    /// Qiskit reads parameters; where an integer is needed, that float is refused.
    private func integerLiteral(_ token: Token) -> Expression.Kind {
        let bytes = self.source.bytes
        var index = token.start
        var radix = 10
        if token.end - token.start > 2, bytes[index] == UInt8(ascii: "0") {
            switch bytes[index + 1] | 0x20 {
            case UInt8(ascii: "x"): radix = 16
            case UInt8(ascii: "o"): radix = 8
            case UInt8(ascii: "b"): radix = 2
            default: break
            }
            if radix != 10 {
                index += 2
            }
        }
        var value = 0
        var real: Double?
        while index < token.end {
            let byte = bytes[index]
            index += 1
            let digit: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"):
                digit = Int(byte | 0x20) - 87
            default: continue  // `_` separators
            }
            if let large = real {
                real = large * Double(radix) + Double(digit)
                continue
            }
            let shifted = value.multipliedReportingOverflow(by: radix)
            let sum = shifted.partialValue.addingReportingOverflow(digit)
            if shifted.overflow || sum.overflow {
                real = Double(value) * Double(radix) + Double(digit)
            } else {
                value = sum.partialValue
            }
        }
        return real.map(Expression.Kind.real) ?? .integer(value)
    }
}
