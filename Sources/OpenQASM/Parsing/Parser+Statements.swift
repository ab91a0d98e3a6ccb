extension Parser {
    /// Parses one statement; nil for a statement that produces nothing (`;`, or an
    /// unsupported construct that was reported and skipped).
    mutating func parseStatement() throws(Stop) -> Statement? {
        let position = self.position
        switch self.token.kind {
        case .semicolon:
            self.advance()
            return nil
        case .leftBrace:
            self.hasSeenStatement = true
            return Statement(kind: .block(try self.parseBlock()), position: position)
        case .at:
            self.hasSeenStatement = true
            throw self.rejectUnsupported("annotation", at: self.token.start)
        case .identifier:
            break
        default:
            throw self.fail(expected: "statement")
        }
        let word = self.text
        let keyword = Keyword.named(word)
        if keyword != .openqasm {
            self.hasSeenStatement = true
        }
        switch keyword {
        case .openqasm:
            return try self.parseVersion(at: position)
        case .include:
            return try self.parseInclude(at: position)
        case .qreg, .creg:
            return try self.parseRegisterDeclaration(isQuantum: keyword == .qreg, at: position)
        case .qubit, .bit:
            return try self.parseSizedDeclaration(isQuantum: keyword == .qubit, at: position)
        case .const, .int, .uint, .float, .angle, .bool:
            return try self.parseScalarDeclaration(at: position)
        case .gate:
            return try self.parseGateDefinition(at: position)
        case .opaque:
            self.advance()
            let signature = try self.parseGateSignature()
            try self.expectSemicolon("';' after opaque declaration")
            return Statement(kind: .opaqueDeclaration(signature), position: position)
        case .measure:
            self.advance()
            let qubits = try self.parseOperand("qubit or quantum register")
            var target: Operand?
            if self.consume(.arrow) {
                target = try self.parseOperand("bit or classical register")
            } else if self.isVersion2 {
                // A measurement without a result is OpenQASM 3.
                throw self.fail(expected: "'->' and the bit or classical register to measure into")
            }
            try self.expectSemicolon("';' after statement")
            return Statement(kind: .measure(qubits, target: target), position: position)
        case .reset:
            self.advance()
            let operands = try self.parseOperands("qubit or quantum register")
            try self.expectSemicolon("';' after statement")
            return Statement(kind: .reset(operands), position: position)
        case .barrier:
            self.advance()
            let operands = self.token.kind == .semicolon ? [] : try self.parseOperands("qubit or quantum register")
            try self.expectSemicolon("';' after statement")
            return Statement(kind: .barrier(operands), position: position)
        case .if:
            return try self.parseConditional(at: position)
        case .for:
            return try self.parseLoop(at: position)
        case .else, .in:
            throw self.fail(expected: "statement")
        case .input where !self.isVersion2:
            try self.rejectUnboundInput()
        case .some(let keyword) where keyword.isUnsupportedStatement:
            throw self.rejectUnsupported(word, at: self.token.start)
        default:
            return try self.parseGateCallOrAssignment(at: position, keyword: keyword)
        }
    }

    /// `{ statement* }`
    mutating func parseBlock() throws(Stop) -> [Statement] {
        try self.enterNesting()
        defer { self.leaveNesting() }
        try self.expect(.leftBrace, "'{'")
        var statements: [Statement] = []
        while self.token.kind != .rightBrace {
            guard self.token.kind != .endOfFile else { throw self.fail(expected: "'}'") }
            let start = self.token.start
            do {
                if let statement = try self.parseStatement() {
                    statements.append(statement)
                }
            } catch .abandon {
                throw .abandon
            } catch {
                self.handle(error, statementStart: start)
            }
        }
        self.advance()
        return statements
    }

    // MARK: Declarations

    private mutating func parseVersion(at position: SourcePosition) throws(Stop) -> Statement {
        self.advance()
        guard self.token.kind == .real || self.token.kind == .integer else {
            throw self.fail(expected: "version number after 'OPENQASM'")
        }
        let version = self.text
        let major = version.prefix { $0 != "." }
        // OpenQASM 2 has a single version, 2.0 (Qiskit refuses `OPENQASM 2.1;`).
        guard major == "3" || (major == "2" && Double(version) == 2) else {
            self.report(.unsupportedVersion(version), at: self.token.start)
            throw .recover
        }
        self.declaredVersion = major == "3" ? 3 : 2
        self.advance()
        try self.expectSemicolon("';' after version statement")
        return Statement(kind: .version(version), position: position)
    }

    private mutating func parseInclude(at position: SourcePosition) throws(Stop) -> Statement {
        self.advance()
        guard self.token.kind == .string else { throw self.fail(expected: "file name in quotes after 'include'") }
        let path = self.source.text(self.token.start + 1..<self.token.end - 1)
        self.advance()
        try self.expectSemicolon("';' after include statement")
        return Statement(kind: .include(path), position: position)
    }

    /// `qreg q[n];` or `creg c[n];`
    private mutating func parseRegisterDeclaration(isQuantum: Bool, at position: SourcePosition) throws(Stop)
        -> Statement
    {
        self.advance()
        let name = try self.expectDeclaredName("register name")
        try self.expect(.leftBracket, "'[' and a register size")
        let size = try self.parseExpression()
        try self.expect(.rightBracket, "']'")
        try self.expectSemicolon("';' after declaration")
        let declaration = RegisterDeclaration(name: name, size: size, isQuantum: isQuantum, isVersion3Syntax: false)
        return Statement(kind: .registerDeclaration(declaration), position: position)
    }

    /// `qubit q;`, `qubit[n] q;`, `bit c;` or `bit[n] c;`
    private mutating func parseSizedDeclaration(isQuantum: Bool, at position: SourcePosition) throws(Stop) -> Statement
    {
        self.advance()
        var size: Expression?
        if self.consume(.leftBracket) {
            size = try self.parseExpression()
            try self.expect(.rightBracket, "']'")
        }
        let name = try self.expectDeclaredName("register name")
        if !isQuantum && self.token.kind == .equals {
            throw self.rejectUnsupported("bit initializer", at: self.token.start)
        }
        try self.expectSemicolon("';' after declaration")
        let declaration = RegisterDeclaration(name: name, size: size, isQuantum: isQuantum, isVersion3Syntax: true)
        return Statement(kind: .registerDeclaration(declaration), position: position)
    }

    /// `const float x = 1.0;`, `int[32] n = 4;`, `bool b;`
    private mutating func parseScalarDeclaration(at position: SourcePosition) throws(Stop) -> Statement {
        let isConstant = self.isAt(.const)
        if isConstant {
            self.advance()
        }
        let word = self.text
        guard self.token.kind == .identifier, let type = Keyword.named(word)?.scalarType else {
            if self.token.kind == .identifier, Keyword.named(word)?.isUnsupportedStatement == true {
                throw self.rejectUnsupported(word, at: self.token.start)
            }
            throw self.fail(expected: "type name (int, uint, float, angle or bool)")
        }
        self.advance()
        try self.skipDesignator(of: type)
        let name = try self.expectDeclaredName("variable name")
        var initializer: Expression?
        if self.consume(.equals) {
            initializer = try self.parseExpression()
        } else if isConstant {
            throw self.fail(expected: "'=' and the value of constant '\(name.name)'")
        }
        try self.expectSemicolon("';' after declaration")
        let declaration = ScalarDeclaration(type: type, isConstant: isConstant, name: name, initializer: initializer)
        return Statement(kind: .scalarDeclaration(declaration), position: position)
    }

    /// Skips a width such as the `[64]` of `float[64]`: values are held at full width.
    /// `bool` has none.
    private mutating func skipDesignator(of type: ScalarType) throws(Stop) {
        guard self.token.kind == .leftBracket else { return }
        guard type != .bool else { throw self.fail(expected: "name after 'bool', which takes no width") }
        self.advance()
        _ = try self.parseExpression()
        try self.expect(.rightBracket, "']'")
    }

    /// `input float[64] theta;`: `QASMParser.bind` blanks out the declarations it gives
    /// values, so one that reaches the parser was never bound.
    private mutating func rejectUnboundInput() throws(Stop) -> Never {
        let keywordStart = self.token.start
        self.advance()
        guard self.token.kind == .identifier, let type = Keyword.named(self.text)?.scalarType else {
            throw self.rejectUnsupported("input", at: keywordStart)
        }
        self.advance()
        try self.skipDesignator(of: type)
        guard self.token.kind == .identifier else { throw self.fail(expected: "input name") }
        self.report(.unboundInput(self.text), at: self.token.start)
        throw .recover
    }

    // MARK: Gates

    private mutating func parseGateDefinition(at position: SourcePosition) throws(Stop) -> Statement {
        self.advance()
        let signature = try self.parseGateSignature()
        let body = try self.parseBlock()
        return Statement(kind: .gateDefinition(GateDefinition(signature: signature, body: body)), position: position)
    }

    /// `name(p, …) a, b, …` of a gate or opaque declaration.
    private mutating func parseGateSignature() throws(Stop) -> GateSignature {
        let name = try self.expectDeclaredName("gate name")
        var parameters: [Identifier] = []
        if self.consume(.leftParen), !self.consume(.rightParen) {
            repeat {
                parameters.append(try self.expectDeclaredName("parameter name"))
            } while self.consume(.comma)
            try self.expect(.rightParen, "',' or ')' after parameter")
        }
        var qubits: [Identifier] = []
        repeat {
            qubits.append(try self.expectDeclaredName("qubit argument name"))
        } while self.consume(.comma)
        return GateSignature(name: name, parameters: parameters, qubits: qubits)
    }

    /// A gate application, or an assignment such as `c[0] = measure q[0];`.
    private mutating func parseGateCallOrAssignment(at position: SourcePosition, keyword: Keyword?) throws(Stop)
        -> Statement
    {
        switch self.peek().kind {
        case .equals, .leftBracket, .compoundAssignment:
            return try self.parseAssignment(at: position)
        default:
            return Statement(kind: .gateCall(try self.parseGateCall(startingWith: keyword)), position: position)
        }
    }

    private mutating func parseAssignment(at position: SourcePosition) throws(Stop) -> Statement {
        let target = try self.parseOperand("bit or classical register")
        guard self.token.kind == .equals else {
            throw self.rejectUnsupported("classical assignment", at: position.offset)
        }
        self.advance()
        guard self.isAt(.measure) else {
            throw self.rejectUnsupported("classical assignment", at: position.offset)
        }
        self.advance()
        let qubits = try self.parseOperand("qubit or quantum register")
        try self.expectSemicolon("';' after statement")
        return Statement(kind: .measure(qubits, target: target), position: position)
    }

    /// - Parameter keyword: The keyword the current token spells, which the caller
    ///   already looked up.
    private mutating func parseGateCall(startingWith keyword: Keyword?) throws(Stop) -> GateCall {
        var modifiers: [GateModifier] = []
        var keyword = keyword
        while let modifier = try self.parseModifier(keyword) {
            modifiers.append(modifier)
            keyword = self.token.kind == .identifier ? Keyword.named(self.text) : nil
        }
        let name = try self.expectIdentifier("gate name")
        var parameters: [Expression] = []
        if self.consume(.leftParen), !self.consume(.rightParen) {
            parameters = try self.parseExpressions()
            try self.expect(.rightParen, "',' or ')' after gate parameter")
        }
        let operands = self.token.kind == .semicolon ? [] : try self.parseOperands("qubit argument")
        try self.expectSemicolon("';' after statement")
        return GateCall(modifiers: modifiers, name: name, parameters: parameters, operands: operands)
    }

    /// `ctrl @`, `ctrl(n) @`, `negctrl @`, `inv @` or `pow(k) @`; nil when the current
    /// token starts no modifier (a gate may be called `ctrl` in OpenQASM 2).
    private mutating func parseModifier(_ keyword: Keyword?) throws(Stop) -> GateModifier? {
        guard let keyword, [.ctrl, .negctrl, .inv, .pow].contains(keyword) else { return nil }
        let next = self.peek().kind
        let position = self.position
        let kind: GateModifier.Kind
        switch keyword {
        case .inv where next == .at:
            self.advance()
            kind = .inverse
        case .pow where next == .leftParen:
            self.advance()
            self.advance()
            kind = .power(try self.parseExpression())
            try self.expect(.rightParen, "')' after exponent")
        case .ctrl where next == .at || next == .leftParen, .negctrl where next == .at || next == .leftParen:
            self.advance()
            var count: Expression?
            if self.consume(.leftParen) {
                count = try self.parseExpression()
                try self.expect(.rightParen, "')' after control count")
            }
            kind = .control(count: count, negative: keyword == .negctrl)
        default:
            return nil
        }
        try self.expect(.at, "'@' after gate modifier")
        return GateModifier(kind: kind, position: position)
    }

    // MARK: Operands

    mutating func parseOperands(_ description: String) throws(Stop) -> [Operand] {
        var operands: [Operand] = []
        repeat {
            operands.append(try self.parseOperand(description))
        } while self.consume(.comma)
        return operands
    }

    /// `name` or `name[index]`.
    mutating func parseOperand(_ description: String) throws(Stop) -> Operand {
        if self.token.kind == .hardwareQubit {
            throw self.rejectUnsupported("physical qubit", at: self.token.start)
        }
        let name = try self.expectIdentifier(description)
        guard self.consume(.leftBracket) else { return Operand(name: name, index: nil) }
        if self.token.kind == .leftBrace {
            throw self.rejectUnsupported("index set", at: self.token.start)
        }
        let index = try self.parseExpression()
        switch self.token.kind {
        case .colon:
            throw self.rejectUnsupported("register slice", at: self.token.start)
        case .comma:
            throw self.rejectUnsupported("multi-dimensional index", at: self.token.start)
        default:
            try self.expect(.rightBracket, "']' after index")
        }
        return Operand(name: name, index: index)
    }

    // MARK: Control flow

    private mutating func parseConditional(at position: SourcePosition) throws(Stop) -> Statement {
        self.advance()
        try self.expect(.leftParen, "'(' after 'if'")
        let condition = try self.parseExpression()
        try self.expect(.rightParen, "')' after condition")
        if self.isVersion2 {
            return Statement(
                kind: .conditional(condition: condition, then: try self.parseVersion2Body(), otherwise: nil),
                position: position)
        }
        let then = try self.parseBody()
        var otherwise: [Statement]?
        if self.isAt(.else) {
            self.advance()
            otherwise = try self.parseBody()
        }
        return Statement(kind: .conditional(condition: condition, then: then, otherwise: otherwise), position: position)
    }

    private mutating func parseLoop(at position: SourcePosition) throws(Stop) -> Statement {
        self.advance()
        var type: ScalarType?
        if self.token.kind == .identifier, let scalar = Keyword.named(self.text)?.scalarType,
            self.peek().kind == .identifier || self.peek().kind == .leftBracket
        {
            type = scalar
            self.advance()
            try self.skipDesignator(of: scalar)
        }
        let variable = try self.expectDeclaredName("loop variable name")
        guard self.isAt(.in) else { throw self.fail(expected: "'in' after loop variable") }
        self.advance()
        let iterable: ForLoop.Iterable
        switch self.token.kind {
        case .leftBracket:
            self.advance()
            let start = try self.parseExpression()
            try self.expect(.colon, "':' in range")
            var step: Expression?
            var end = try self.parseExpression()
            if self.consume(.colon) {
                step = end
                end = try self.parseExpression()
            }
            try self.expect(.rightBracket, "']' after range")
            iterable = .range(start: start, step: step, end: end)
        case .leftBrace:
            self.advance()
            let values = try self.parseExpressions()
            try self.expect(.rightBrace, "',' or '}' in set")
            iterable = .set(values)
        case .identifier:
            throw self.rejectUnsupported("loop over a register or array", at: self.token.start)
        default:
            throw self.fail(expected: "range '[start:end]' or set '{…}' to loop over")
        }
        let body = try self.parseBody()
        return Statement(
            kind: .loop(ForLoop(type: type, variable: variable, iterable: iterable, body: body)), position: position)
    }

    /// The body of an `if`, `else` or `for`: a block or a single statement, which may
    /// not be empty (`if (c) ;`).
    private mutating func parseBody() throws(Stop) -> [Statement] {
        if self.token.kind == .leftBrace {
            return try self.parseBlock()
        }
        guard self.token.kind != .semicolon else { throw self.fail(expected: "statement or block") }
        try self.enterNesting()
        defer { self.leaveNesting() }
        guard let statement = try self.parseStatement() else { return [] }
        return [statement]
    }

    /// The body of an OpenQASM 2 `if`: one gate application, measurement or reset,
    /// without braces.
    private mutating func parseVersion2Body() throws(Stop) -> [Statement] {
        let keyword = self.token.kind == .identifier ? Keyword.named(self.text) : nil
        guard self.token.kind == .identifier, keyword == nil || keyword == .measure || keyword == .reset,
            let statement = try self.parseStatement()
        else {
            throw self.fail(expected: "a gate application, 'measure' or 'reset' after the condition")
        }
        return [statement]
    }
}
