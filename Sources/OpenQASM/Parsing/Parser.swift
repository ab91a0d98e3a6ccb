/// Parser for OpenQASM 2.0 and the supported OpenQASM 3 subset: recursive descent over
/// statements, explicit stacks for expressions (see `parseExpression`).
///
/// It hands out one top-level statement at a time, so the elaborator can act on each
/// (define a gate, include a file, start a new circuit) before the next is read. It
/// never throws to its caller: syntax errors become diagnostics, and the parser skips to
/// the next `;` and goes on. Directive comments (`// QPI …`) are read as tokens arrive.
struct Parser {
    /// Why parsing of the current statement stopped; the diagnostic is already recorded.
    enum Stop: Error {
        /// Skip to the next statement and go on.
        case recover
        /// Give up on the file (nesting too deep to follow safely).
        case abandon
    }

    let source: SourceBuffer
    private let fileID: Int
    private var lexer: Lexer
    private(set) var token: Token
    private var lookahead: Token?
    /// Where the token before `token` ends, to tell whether a `;` is missing at a line end.
    private var previousTokenEnd = 0
    private let readsDirectives: Bool
    /// Directives count only before the first statement; a leading version statement
    /// does not end that header, as users put directives on either side of it.
    var hasSeenStatement = false
    /// The major version the file's version statement declared; nil without one, when
    /// the parser accepts what either version allows (old files omit the statement).
    var declaredVersion: Int?
    private var nesting = 0
    private var isAbandoned = false
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var directives: [Directive] = []

    /// - Parameter readsDirectives: Whether `// QPI` lines are job options (the job
    ///   script) or ignored with a warning (included files).
    init(source: SourceBuffer, fileID: Int, readsDirectives: Bool) {
        self.source = source
        self.fileID = fileID
        self.lexer = Lexer(bytes: source.bytes)
        self.readsDirectives = readsDirectives
        self.token = Token(kind: .endOfFile, start: 0, end: 0)
        self.token = self.fetch()
    }

    /// The next top-level statement, or nil at the end of the file.
    mutating func nextStatement() -> Statement? {
        while !self.isAbandoned && self.token.kind != .endOfFile {
            let start = self.token.start
            do {
                if let statement = try self.parseStatement() {
                    return statement
                }
            } catch {
                self.handle(error, statementStart: start)
            }
        }
        return nil
    }

    /// Hands over the diagnostics found so far.
    mutating func takeDiagnostics() -> [Diagnostic] {
        defer { self.diagnostics.removeAll() }
        return self.diagnostics
    }

    /// Hands over the directives read so far.
    mutating func takeDirectives() -> [Directive] {
        defer { self.directives.removeAll() }
        return self.directives
    }

    /// Recovers from a failed statement, making sure the parser moves forward.
    mutating func handle(_ stop: Stop, statementStart: Int) {
        switch stop {
        case .recover:
            self.synchronize()
            if self.token.start == statementStart && self.token.kind != .endOfFile {
                self.advance()
            }
        case .abandon:
            self.isAbandoned = true
        }
    }

    // MARK: Tokens

    mutating func advance() {
        self.previousTokenEnd = self.token.end
        if let next = self.lookahead {
            self.token = next
            self.lookahead = nil
        } else {
            self.token = self.fetch()
        }
    }

    mutating func peek() -> Token {
        if let next = self.lookahead {
            return next
        }
        let next = self.fetch()
        self.lookahead = next
        return next
    }

    /// Consumes the current token when it is `kind`.
    mutating func consume(_ kind: TokenKind) -> Bool {
        guard self.token.kind == kind else { return false }
        self.advance()
        return true
    }

    /// Consumes a token of `kind`, or reports that `description` was expected.
    @discardableResult
    mutating func expect(_ kind: TokenKind, _ description: String) throws(Stop) -> Token {
        guard self.token.kind == kind else { throw self.fail(expected: description) }
        let token = self.token
        self.advance()
        return token
    }

    /// Expects the `;` that ends a statement. When it is missing at the end of a line the
    /// statement is kept as if it were there, so one forgotten `;` costs one error.
    mutating func expectSemicolon(_ description: String) throws(Stop) {
        guard !self.consume(.semicolon) else { return }
        let isAtLineEnd =
            self.token.kind == .endOfFile
            || self.source.bytes[self.previousTokenEnd..<self.token.start].contains(UInt8(ascii: "\n"))
        let stop = self.fail(expected: description)
        if !isAtLineEnd {
            throw stop
        }
    }

    mutating func expectIdentifier(_ description: String) throws(Stop) -> Identifier {
        guard self.token.kind == .identifier else { throw self.fail(expected: description) }
        let identifier = Identifier(name: self.text, position: self.position)
        self.advance()
        return identifier
    }

    /// Expects the name a declaration introduces, which may not be a word the declared
    /// version reserves (`qreg measure[1];`, `int[8] def;`).
    mutating func expectDeclaredName(_ description: String) throws(Stop) -> Identifier {
        if self.token.kind == .identifier, Keyword.isReserved(self.text, inVersion: self.declaredVersion) {
            self.report(.expected(description, found: "keyword '\(self.text)'"), at: self.token.start)
            throw .recover
        }
        return try self.expectIdentifier(description)
    }

    /// `^` is a power in OpenQASM 2 and an exclusive-or in OpenQASM 3.
    var isVersion3: Bool { self.declaredVersion == 3 }

    /// Whether the file declared OpenQASM 2, whose grammar is followed strictly.
    var isVersion2: Bool { self.declaredVersion == 2 }

    /// Whether the current token is the identifier `keyword`.
    func isAt(_ keyword: Keyword) -> Bool {
        self.token.kind == .identifier && self.text == keyword.rawValue
    }

    /// The current token's text.
    var text: String { self.source.text(of: self.token) }

    var position: SourcePosition { SourcePosition(file: self.fileID, offset: self.token.start) }

    private mutating func fetch() -> Token {
        while true {
            let token = self.lexer.next()
            guard token.kind == .directive else { return token }
            self.readDirective(token)
        }
    }

    private mutating func readDirective(_ token: Token) {
        guard self.readsDirectives && !self.hasSeenStatement else {
            self.report(.ignoredDirective, at: token.start)
            return
        }
        let line = DirectiveLine(bytes: self.source.bytes, range: token.start..<token.end)
        for option in line.options {
            self.directives.append(
                Directive(option: option.name, value: option.value, location: self.source.location(at: option.offset))
            )
        }
        for problem in line.problems {
            self.report(problem.message, at: problem.offset)
        }
    }

    // MARK: Errors

    mutating func report(_ message: Message, at offset: Int) {
        self.diagnostics.append(message.diagnostic(at: self.source.location(at: offset)))
    }

    /// Reports that `expected` is missing at the current token, or the token's own
    /// problem when it is malformed, and returns the error that abandons the statement.
    mutating func fail(expected: String) -> Stop {
        let message: Message =
            switch self.token.kind {
            case .invalid(.unexpectedCharacter): .unexpectedCharacter(self.text)
            case .invalid(.unterminatedString): .unterminatedString
            case .invalid(.unterminatedComment): .unterminatedComment
            case .invalid(.malformedNumber): .malformedNumber(self.text)
            default: .expected(expected, found: self.source.describe(self.token))
            }
        self.report(message, at: self.token.start)
        return .recover
    }

    /// Reports an unsupported OpenQASM 3 feature at `offset` and skips the statement it is in.
    mutating func rejectUnsupported(_ feature: String, at offset: Int) -> Stop {
        self.report(.unsupportedFeature(feature), at: offset)
        return .recover
    }

    /// Skips the rest of a broken statement: through the next `;` at its own nesting
    /// level, through a `{ … }` block it opened, or up to a `}` closing an enclosing block.
    private mutating func synchronize() {
        var depth = 0
        while true {
            switch self.token.kind {
            case .endOfFile:
                return
            case .semicolon:
                self.advance()
                if depth == 0 { return }
            case .leftBrace:
                depth += 1
                self.advance()
            case .rightBrace:
                if depth == 0 { return }
                depth -= 1
                self.advance()
                if depth == 0 { return }
            default:
                self.advance()
            }
        }
    }

    // MARK: Nesting

    /// Counts one level of recursion; past the limit the file is abandoned, because
    /// recovery inside a deep nest would only produce noise.
    mutating func enterNesting() throws(Stop) {
        self.nesting += 1
        if self.nesting > Limits.nesting {
            self.report(.nestingTooDeep(limit: Limits.nesting), at: self.token.start)
            throw .abandon
        }
    }

    mutating func leaveNesting() {
        self.nesting -= 1
    }
}
