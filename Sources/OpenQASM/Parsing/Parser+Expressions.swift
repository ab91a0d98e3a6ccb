extension Parser {
    /// Reads operators and brackets with explicit stacks (shunting-yard) instead of
    /// recursion, so that nesting is bounded by memory rather than by the stack of the
    /// thread that parses; see `Expression`.
    mutating func parseExpression() throws(Stop) -> Expression {
        if let literal = try self.parseLoneOperand() {
            return literal
        }
        var tree = ExpressionTree()
        while true {
            while let operation = self.unaryOperator() {
                tree.pending.append(.prefix(operation, self.position))
                self.advance()
            }
            guard try self.readOperand(into: &tree) else { continue }
            guard try self.readAfterOperand(into: &tree) else { return tree.finished }
        }
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
    /// do, read without the stacks of a full expression; nil otherwise.
    private mutating func parseLoneOperand() throws(Stop) -> Expression? {
        switch self.token.kind {
        case .integer, .real, .identifier:
            break
        default:
            return nil
        }
        switch self.peek().kind {
        case .rightBracket, .rightParen, .comma, .semicolon:
            break
        default:
            return nil
        }
        let node: Expression.Node
        if self.token.kind == .identifier {
            node = Self.nameNode(Identifier(name: self.text, position: self.position))
            self.advance()
        } else {
            node = try self.number()
        }
        return Expression(node)
    }

    /// Reads a primary expression onto `tree` and returns true, or an opening bracket
    /// (a parenthesis, a call, an index, a cast) that waits for its operands and returns
    /// false.
    private mutating func readOperand(into tree: inout ExpressionTree) throws(Stop) -> Bool {
        switch self.token.kind {
        case .integer, .real:
            tree.add(try self.number())
            return true
        case .identifier:
            return try self.readName(into: &tree)
        case .leftParen:
            self.advance()
            tree.pending.append(.parenthesis)
            return false
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

    /// A name, `true`/`false`, or the start of a call `f(x)`, an indexed bit `c[0]` or a
    /// cast `int[4](c)`.
    private mutating func readName(into tree: inout ExpressionTree) throws(Stop) -> Bool {
        let name = Identifier(name: self.text, position: self.position)
        self.advance()
        if name.name == "true" || name.name == "false" {
            tree.add(Self.nameNode(name))
            return true
        }
        if let type = Keyword.named(name.name)?.scalarType {
            if self.token.kind == .leftBracket {
                guard type != .bool else { throw self.fail(expected: "'(' after 'bool', which takes no width") }
                self.advance()
                tree.pending.append(.width(type, name.position))
                return false
            }
            if self.consume(.leftParen) {
                tree.pending.append(.castOperand(type, width: nil, name.position))
                return false
            }
        }
        if self.consume(.leftParen) {
            if self.consume(.rightParen) {
                tree.add(Expression.Node(operation: .call(name, []), position: name.position))
                return true
            }
            tree.pending.append(.call(name, firstArgument: tree.operands.count))
            return false
        }
        if self.consume(.leftBracket) {
            tree.pending.append(.index(name))
            return false
        }
        tree.add(Self.nameNode(name))
        return true
    }

    private static func nameNode(_ name: Identifier) -> Expression.Node {
        let operation: Expression.Node.Operation =
            switch name.name {
            case "true": .boolean(true)
            case "false": .boolean(false)
            default: .identifier(name.name)
            }
        return Expression.Node(operation: operation, position: name.position)
    }

    /// After an operand: reads an operator and returns true, as another operand follows;
    /// or closes the brackets the token closes, and returns false where the expression
    /// ends.
    ///
    /// Unary operators bind more loosely than powers (`-2^2` is -4, as in Qiskit) and
    /// more tightly than binary operators; `**` (and `^` in OpenQASM 2) is
    /// right-associative, the binary operators left-associative.
    private mutating func readAfterOperand(into tree: inout ExpressionTree) throws(Stop) -> Bool {
        while true {
            if self.token.kind == .doubleStar || (self.token.kind == .caret && !self.isVersion3) {
                tree.pending.append(.power(self.position))
                self.advance()
                return true
            }
            if let (operation, precedence) = self.binaryOperator() {
                tree.reduce(bindingAtLeast: precedence)
                tree.pending.append(.binary(operation, precedence, self.position))
                self.advance()
                return true
            }
            tree.reduce(bindingAtLeast: 0)
            guard let opening = tree.pending.popLast() else { return false }
            switch (opening, self.token.kind) {
            case (.parenthesis, .rightParen):
                self.advance()
            case (.call(let name, let first), .rightParen):
                self.advance()
                let arguments = Array(tree.operands[first...])
                tree.operands.removeSubrange(first...)
                tree.add(Expression.Node(operation: .call(name, arguments), position: name.position))
            case (.call, .comma):
                self.advance()
                tree.pending.append(opening)
                return true
            case (.index(let name), .rightBracket):
                self.advance()
                let index = tree.operands.removeLast()
                tree.add(Expression.Node(operation: .indexed(name, index), position: name.position))
            case (.width(let type, let position), .rightBracket):
                self.advance()
                try self.expect(.leftParen, "'(' and the value to convert")
                tree.pending.append(.castOperand(type, width: tree.operands.removeLast(), position))
                return true
            case (.castOperand(let type, let width, let position), .rightParen):
                self.advance()
                let operand = tree.operands.removeLast()
                tree.add(Expression.Node(operation: .cast(type, width: width, operand), position: position))
            case (.parenthesis, _):
                throw self.fail(expected: "')'")
            case (.call, _):
                throw self.fail(expected: "',' or ')' after argument")
            case (.index, _):
                throw self.fail(expected: "']' after index")
            case (.width, _):
                throw self.fail(expected: "']' after the width")
            case (.castOperand, _):
                throw self.fail(expected: "')' after the value to convert")
            case (.prefix, _), (.power, _), (.binary, _):
                preconditionFailure("operators are reduced before brackets close")
            }
        }
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

    private func unaryOperator() -> UnaryOperator? {
        switch self.token.kind {
        case .minus: .negate
        case .plus: .plus
        case .bang: .not
        case .tilde: .bitwiseNot
        default: nil
        }
    }

    /// The integer or real literal at the current token, which it consumes.
    private mutating func number() throws(Stop) -> Expression.Node {
        let position = self.position
        if self.token.kind == .integer {
            let literal = self.integerLiteral(self.token)
            self.advance()
            return Expression.Node(operation: literal, position: position)
        }
        var text = self.text
        if self.source.bytes[self.token.start..<self.token.end].contains(UInt8(ascii: "_")) {
            text.removeAll { $0 == "_" }
        }
        guard let value = Double(text) else {
            throw self.fail(expected: "number")
        }
        self.advance()
        return Expression.Node(operation: .real(value), position: position)
    }

    /// The value of a decimal, `0x`, `0o` or `0b` literal, read from its bytes (this is
    /// the hottest literal: every index). One beyond 64 bits is read as a float, as
    /// Qiskit reads parameters; where an integer is needed, that float is refused.
    private func integerLiteral(_ token: Token) -> Expression.Node.Operation {
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
        return real.map(Expression.Node.Operation.real) ?? .integer(value)
    }
}

/// What `parseExpression` has read so far: the nodes, the finished operands not yet
/// taken by an operator, and the operators and brackets still waiting for operands.
private struct ExpressionTree {
    enum Pending {
        case prefix(UnaryOperator, SourcePosition)
        case power(SourcePosition)
        case binary(BinaryOperator, Int, SourcePosition)
        case parenthesis
        /// Arguments read so far are the operands from `firstArgument` on.
        case call(Identifier, firstArgument: Int)
        case index(Identifier)
        case width(ScalarType, SourcePosition)
        case castOperand(ScalarType, width: Int?, SourcePosition)
    }

    var nodes: [Expression.Node] = []
    var operands: [Int] = []
    var pending: [Pending] = []

    var finished: Expression { Expression(nodes: self.nodes, root: self.operands[0]) }

    mutating func add(_ node: Expression.Node) {
        self.operands.append(self.nodes.count)
        self.nodes.append(node)
    }

    /// Applies the waiting operators that bind at least as tightly as a binary operator
    /// of `precedence`, innermost first, up to the nearest open bracket.
    mutating func reduce(bindingAtLeast precedence: Int) {
        while let last = self.pending.last {
            switch last {
            case .prefix(let operation, let position):
                let operand = self.operands.removeLast()
                self.add(Expression.Node(operation: .unary(operation, operand), position: position))
            case .power(let position):
                self.addBinary(.power, at: position)
            case .binary(let operation, let bound, let position) where bound >= precedence:
                self.addBinary(operation, at: position)
            default:
                return
            }
            self.pending.removeLast()
        }
    }

    private mutating func addBinary(_ operation: BinaryOperator, at position: SourcePosition) {
        let right = self.operands.removeLast()
        let left = self.operands.removeLast()
        self.add(Expression.Node(operation: .binary(operation, left, right), position: position))
    }
}
