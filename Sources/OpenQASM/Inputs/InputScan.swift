/// What a name other than an input is declared as, for saying why it cannot also name
/// an input.
enum DeclaredNameRole {
    case gateParameter
    case gateQubit
    case loopVariable
    case register
    case variable
}

/// The `input` declarations of a job script and the places binding rewrites, found from
/// its tokens, so that comments and strings are never touched.
///
/// Binding is textual, because executors (Qiskit's loader among them, which has no
/// `const`) receive program text: each declaration is blanked out and each later use of
/// its name replaced by the value. That is only right where the name means the input
/// everywhere, so the scan refuses any other declaration of it, before or after.
/// Inputs belong to the whole job script, every circuit in it.
struct InputScan {
    /// A change binding makes to the text; edits are in the order of the file.
    enum Edit {
        /// An input declaration, from `input` through `;`.
        case blank(Range<Int>)
        /// A use of `inputs[input]`, replaced by its value.
        case substitute(Range<Int>, input: Int)
    }

    /// The statement being read was refused; the diagnostic is recorded.
    private struct Refused: Error {}

    private(set) var inputs: [ProgramInput] = []
    private(set) var edits: [Edit] = []
    private(set) var diagnostics: [Diagnostic] = []

    private let buffer: SourceBuffer
    private var tokens: [Token] = []
    private var index = 0
    private var braceDepth = 0
    private var isVersion2 = false
    private var inputIndices: [String: Int] = [:]
    /// Where each other name is first declared, to refuse an input of that name later.
    private var otherNames: [String: (offset: Int, role: DeclaredNameRole)] = [:]
    /// The name a declaration that has started will introduce, found by looking past its
    /// type: the tokens before it, such as a register size, may use inputs.
    private var nameDeclaredAhead: (index: Int, role: DeclaredNameRole)?

    /// Scans `source`; nil when its text never says `input`, as most job scripts do not
    /// and so need no second lexing.
    init?(_ source: SourceFile) {
        guard source.text.contains("input") else { return nil }
        self.buffer = SourceBuffer(source)
        guard self.buffer.bytes.count <= Limits.sourceBytes else {
            self.report(.sourceTooLarge(limit: Limits.sourceBytes), at: 0)
            return
        }
        var lexer = Lexer(bytes: self.buffer.bytes)
        while true {
            let token = lexer.next()
            if token.kind == .directive {
                continue
            }
            self.tokens.append(token)
            if token.kind == .endOfFile {
                break
            }
        }
        self.scanTokens()
    }

    /// The source with every declaration blanked and every use replaced by
    /// `literals[input]`. Blanking keeps line breaks, so all other lines and columns stay
    /// where they were.
    func rewritten(with literals: [String]) -> String {
        let bytes = self.buffer.bytes
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var copied = 0
        for edit in self.edits {
            switch edit {
            case .blank(let range):
                output += bytes[copied..<range.lowerBound]
                output += bytes[range].map { Self.isLineBreak($0) ? $0 : UInt8(ascii: " ") }
                copied = range.upperBound
            case .substitute(let range, let input):
                output += bytes[copied..<range.lowerBound]
                output += literals[input].utf8
                copied = range.upperBound
            }
        }
        output += bytes[copied...]
        return String(decoding: output, as: UTF8.self)
    }

    private static func isLineBreak(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    // MARK: Statements

    private mutating func scanTokens() {
        while self.token.kind != .endOfFile {
            switch self.token.kind {
            case .identifier:
                self.scanWord(startsStatement: self.startsStatement)
            case .leftBrace:
                self.braceDepth += 1
                self.advance()
            case .rightBrace:
                self.braceDepth = max(0, self.braceDepth - 1)
                self.advance()
            default:
                self.advance()
            }
        }
    }

    /// Whether the current token is the first of a statement. Declarations are found only
    /// there, so looking ahead past their types costs one pass over each statement.
    private var startsStatement: Bool {
        guard self.index > 0 else { return true }
        switch self.tokens[self.index - 1].kind {
        case .semicolon, .leftBrace, .rightBrace: return true
        default: return false
        }
    }

    private mutating func scanWord(startsStatement: Bool) {
        let word = self.text
        switch Keyword.named(word) {
        case .openqasm? where startsStatement:
            self.advance()
            if self.token.kind == .integer || self.token.kind == .real {
                self.isVersion2 = self.text.hasPrefix("2")
            }
        case .input? where startsStatement:
            self.readInputDeclaration()
        case .gate? where startsStatement, .opaque? where startsStatement:
            self.readGateSignature()
        case .const? where startsStatement:
            self.advance()
            if self.token.kind == .identifier {
                self.scanWord(startsStatement: true)
            }
        case .for?:
            var nameIndex = self.index + 1
            if Keyword.named(self.text(of: self.tokens[nameIndex]))?.scalarType != nil {
                nameIndex = self.indexAfterDesignator(from: nameIndex + 1)
            }
            self.expectName(at: nameIndex, as: .loopVariable)
            self.advance()
        case .qreg? where startsStatement, .creg? where startsStatement, .qubit? where startsStatement,
            .bit? where startsStatement:
            self.expectName(at: self.indexAfterDesignator(from: self.index + 1), as: .register)
            self.advance()
        case let keyword? where startsStatement && keyword.scalarType != nil:
            self.expectName(at: self.indexAfterDesignator(from: self.index + 1), as: .variable)
            self.advance()
        default:
            if let declared = self.nameDeclaredAhead, declared.index == self.index {
                self.nameDeclaredAhead = nil
                self.declareOther(word, at: self.token.start, as: declared.role)
            } else if let input = self.inputIndices[word], !self.isCallee {
                self.edits.append(.substitute(self.token.start..<self.token.end, input: input))
            }
            self.advance()
        }
    }

    /// Whether the current name is applied rather than read: a gate (`x q;`, `rx(a) q;`)
    /// or a function (`sin(a)`). Gates have a namespace of their own, so an input `x`
    /// leaves the gate `x` of `stdgates.inc` alone.
    private var isCallee: Bool {
        switch self.tokens[self.index + 1].kind {
        case .leftParen, .identifier, .hardwareQubit: true
        default: false
        }
    }

    /// `gate name(parameters) qubits` or the same after `opaque`; the body that follows
    /// is scanned as statements. The gate's own name may be an input's, as its calls are
    /// left alone (see `isCallee`).
    private mutating func readGateSignature() {
        self.advance()
        if self.token.kind == .identifier {
            self.advance()
        }
        var role = DeclaredNameRole.gateQubit
        while true {
            switch self.token.kind {
            case .identifier:
                self.declareOther(self.text, at: self.token.start, as: role)
            case .leftParen:
                role = .gateParameter
            case .rightParen:
                role = .gateQubit
            case .comma:
                break
            default:
                return
            }
            self.advance()
        }
    }

    /// Marks the token at `index` as the name a declaration introduces, when it is one.
    private mutating func expectName(at index: Int, as role: DeclaredNameRole) {
        guard self.tokens[index].kind == .identifier else { return }
        self.nameDeclaredAhead = (index, role)
    }

    /// The index of the token after the width or size `[…]` that starts at `start`, or
    /// `start` when none does. The search stops at the end of the statement.
    private func indexAfterDesignator(from start: Int) -> Int {
        guard self.tokens[start].kind == .leftBracket else { return start }
        var depth = 0
        var index = start
        while true {
            switch self.tokens[index].kind {
            case .leftBracket:
                depth += 1
            case .rightBracket:
                depth -= 1
                if depth == 0 {
                    return index + 1
                }
            case .semicolon, .leftBrace, .rightBrace, .endOfFile:
                return index
            default:
                break
            }
            index += 1
        }
    }

    private mutating func declareOther(_ name: String, at offset: Int, as role: DeclaredNameRole) {
        if let input = self.inputIndices[name] {
            self.report(
                .inputNameTaken(name, by: role), at: offset,
                notes: [self.firstDeclared(name, at: self.inputs[input].location)])
        } else if self.otherNames[name] == nil {
            self.otherNames[name] = (offset, role)
        }
    }

    // MARK: Input declarations

    /// `input float[64] theta;`
    private mutating func readInputDeclaration() {
        let start = self.token.start
        do {
            if self.isVersion2 {
                throw self.report(.inputInVersion2, at: start)
            }
            if self.braceDepth > 0 {
                throw self.report(.onlyAtGlobalScope("an input declaration"), at: start)
            }
            self.advance()
            let type = try self.readInputType()
            let name = try self.readInputName()
            guard self.token.kind == .semicolon else { throw self.refuse(expected: "';' after input declaration") }
            self.edits.append(.blank(start..<self.token.end))
            self.advance()
            self.declareInput(name, type: type)
        } catch {
            self.skipStatement()
        }
    }

    private mutating func readInputType() throws(Refused) -> InputType {
        let word = self.text
        let keyword = self.token.kind == .identifier ? Keyword.named(word) : nil
        switch keyword {
        case .bit?, .complex?, .array?, .duration?, .stretch?:
            throw self.report(.unsupportedInputType(word), at: self.token.start)
        default:
            break
        }
        guard let scalar = keyword?.scalarType else {
            throw self.refuse(expected: "input type (int, uint, float, angle or bool)")
        }
        self.advance()
        switch scalar {
        case .int: return .int(width: try self.readWidth(of: scalar))
        case .uint: return .uint(width: try self.readWidth(of: scalar))
        case .float: return .float(width: try self.readWidth(of: scalar))
        case .angle: return .angle(width: try self.readWidth(of: scalar))
        case .bool: return .bool
        }
    }

    /// The `[64]` of `float[64]`: a literal, as the width of an integer input bounds the
    /// values it takes before anything is evaluated.
    private mutating func readWidth(of type: ScalarType) throws(Refused) -> Int? {
        guard self.token.kind == .leftBracket else { return nil }
        self.advance()
        // Integer values are held in 64 bits, so no integer input can be wider.
        let maximum = type == .int || type == .uint ? Int.bitWidth : nil
        guard self.token.kind == .integer, let width = Int(self.text), width >= 1, width <= maximum ?? .max else {
            let found = self.buffer.describe(self.token)
            throw self.report(.invalidInputWidth(type, found: found, maximum: maximum), at: self.token.start)
        }
        self.advance()
        guard self.token.kind == .rightBracket else { throw self.refuse(expected: "']' after the width") }
        self.advance()
        return width
    }

    private mutating func readInputName() throws(Refused) -> (name: String, offset: Int) {
        guard self.token.kind == .identifier else { throw self.refuse(expected: "input name") }
        let name = self.text
        let offset = self.token.start
        guard !Keyword.isReserved(name, inVersion: 3) else {
            throw self.report(.expected("input name", found: "keyword '\(name)'"), at: offset)
        }
        self.advance()
        return (name, offset)
    }

    private mutating func declareInput(_ name: (name: String, offset: Int), type: InputType) {
        if let first = self.inputIndices[name.name] {
            self.report(
                .inputDeclaredTwice(name.name), at: name.offset,
                notes: [self.firstDeclared(name.name, at: self.inputs[first].location)])
            return
        }
        if let other = self.otherNames[name.name] {
            self.report(
                .inputNameTaken(name.name, by: other.role), at: name.offset,
                notes: [self.firstDeclared(name.name, at: self.buffer.location(at: other.offset))])
        }
        self.inputIndices[name.name] = self.inputs.count
        self.inputs.append(ProgramInput(name: name.name, type: type, location: self.buffer.location(at: name.offset)))
    }

    private func firstDeclared(_ name: String, at location: SourceLocation) -> Diagnostic.Note {
        Diagnostic.Note(message: NoteText.firstDeclared(name), location: location)
    }

    /// Skips a refused statement through its `;`, stopping before a brace so that block
    /// depth stays right.
    private mutating func skipStatement() {
        while true {
            switch self.token.kind {
            case .semicolon:
                self.advance()
                return
            case .leftBrace, .rightBrace, .endOfFile:
                return
            default:
                self.advance()
            }
        }
    }

    // MARK: Tokens and diagnostics

    private var token: Token { self.tokens[self.index] }

    private var text: String { self.text(of: self.token) }

    private func text(of token: Token) -> String {
        self.buffer.text(of: token)
    }

    private mutating func advance() {
        self.index += 1
    }

    @discardableResult
    private mutating func report(_ message: Message, at offset: Int, notes: [Diagnostic.Note] = []) -> Refused {
        self.diagnostics.append(message.diagnostic(at: self.buffer.location(at: offset), notes: notes))
        return Refused()
    }

    private mutating func refuse(expected: String) -> Refused {
        self.report(.expected(expected, found: self.buffer.describe(self.token)), at: self.token.start)
    }
}
