/// Turns parsed statements into flat circuits: resolves names, evaluates constants,
/// expands gates, modifiers, broadcasts and loops, and reports semantic errors.
///
/// It pulls statements from a `Parser` one at a time and acts on each before reading
/// the next, so an `include` is read where it stands and a second version statement
/// closes one circuit and opens the next.
struct Elaborator {
    /// A diagnostic was recorded; abandon the current statement.
    struct Reported: Error {}

    /// Where a statement stands, which decides what it may be.
    enum Context {
        /// Directly in a file: declarations, gate definitions and includes are allowed.
        case topLevel(isMainFile: Bool, isFirstInFile: Bool)
        /// In a block, `if` or loop body.
        case nested
    }

    let resolver: IncludeResolver?
    /// Every file loaded, indexed by `SourcePosition.file`.
    private(set) var files: [SourceBuffer] = []
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var directives: [Directive] = []
    private(set) var circuits: [Circuit] = []
    private(set) var programVersion = "2.0"
    var circuit = CircuitBuilder(name: "")
    /// The condition of the `if` bodies being elaborated, which every instruction gets.
    var condition: Condition?
    var loopIterations = 0
    private var baseName = ""
    /// Names of the files being included, outermost first, to catch cycles.
    var includeStack: [String] = []
    private(set) var errorCount = 0
    private(set) var hasStopped = false
    /// Instructions the whole program may expand to, over all its circuits; nil for only
    /// the per-circuit `Limits.instructions`. A host that checks circuits it does not run
    /// (the controller) gives a small one, so checking costs little memory.
    let instructionBudget: Int?
    /// Instructions in the circuits already finished.
    private var finishedInstructions = 0

    init(resolver: IncludeResolver?, instructionBudget: Int? = nil) {
        self.resolver = resolver
        self.instructionBudget = instructionBudget
    }

    /// Most instructions the circuit being built may reach.
    var instructionCap: Int {
        min(Limits.instructions, (self.instructionBudget ?? .max) - self.finishedInstructions)
    }

    /// The limit an error names: the budget when it is the smaller.
    var instructionLimit: Int { min(Limits.instructions, self.instructionBudget ?? .max) }

    /// Elaborates a whole job script.
    mutating func run(_ source: SourceFile) {
        self.baseName = Self.circuitName(forFile: source.name)
        self.circuit = CircuitBuilder(name: self.baseName)
        self.includeStack = [source.name]
        self.process(SourceBuffer(source), isMainFile: true)
        self.finishCircuit()
    }

    /// Parses and elaborates one file, the job script or an included one.
    mutating func process(_ buffer: SourceBuffer, isMainFile: Bool) {
        let fileID = self.files.count
        self.files.append(buffer)
        guard buffer.bytes.count <= Limits.sourceBytes else {
            self.report(.sourceTooLarge(limit: Limits.sourceBytes), at: SourcePosition(file: fileID, offset: 0))
            return
        }
        var parser = Parser(source: buffer, fileID: fileID, readsDirectives: isMainFile)
        var isFirst = true
        while !self.hasStopped, let statement = parser.nextStatement() {
            self.absorb(&parser)
            self.elaborate(statement, in: .topLevel(isMainFile: isMainFile, isFirstInFile: isFirst))
            isFirst = false
        }
        self.absorb(&parser)
    }

    private mutating func absorb(_ parser: inout Parser) {
        for diagnostic in parser.takeDiagnostics() {
            self.record(diagnostic)
        }
        self.directives += parser.takeDirectives()
    }

    // MARK: Statements

    /// Elaborates one statement; its errors are reported, never thrown.
    mutating func elaborate(_ statement: Statement, in context: Context) {
        guard !self.hasStopped else { return }
        do {
            try self.elaborateStatement(statement, in: context)
        } catch {
            // Already reported; the next statement goes on.
        }
    }

    private mutating func elaborateStatement(_ statement: Statement, in context: Context) throws(Reported) {
        let position = statement.position
        if case .version(let version) = statement.kind {
            return try self.handleVersion(version, at: position, in: context)
        }
        if self.circuit.firstStatement == nil {
            self.circuit.firstStatement = position
        }
        switch statement.kind {
        case .version:
            break  // Handled above: it may close the circuit.
        case .include(let path):
            try self.requireTopLevel("'include'", context, at: position)
            try self.include(path, at: position)
        case .registerDeclaration(let declaration):
            try self.requireTopLevel(
                declaration.isQuantum ? "a qubit declaration" : "a bit declaration", context, at: position)
            try self.declareRegister(declaration)
        case .scalarDeclaration(let declaration):
            self.circuit.usesVersion3Syntax = true
            try self.declareScalar(declaration)
        case .gateDefinition(let definition):
            try self.requireTopLevel("a gate definition", context, at: position)
            try self.defineGate(definition)
        case .opaqueDeclaration(let signature):
            try self.requireTopLevel("an opaque declaration", context, at: position)
            try self.declareOpaque(signature)
        case .gateCall(let call):
            try self.apply(call, at: position)
        case .measure(let qubits, let target):
            try self.measure(qubits, into: target, at: position)
        case .reset(let operands):
            try self.reset(operands, at: position)
        case .barrier(let operands):
            try self.barrier(operands, at: position)
        case .conditional(let condition, let then, let otherwise):
            try self.elaborateConditional(condition, then: then, otherwise: otherwise)
        case .loop(let loop):
            self.circuit.usesVersion3Syntax = true
            try self.elaborateLoop(loop)
        case .block(let statements):
            self.elaborateBlock(statements)
        }
    }

    /// Elaborates statements in a new scope.
    mutating func elaborateBlock(_ statements: [Statement]) {
        self.circuit.symbols.pushScope()
        defer { self.circuit.symbols.popScope() }
        for statement in statements {
            self.elaborate(statement, in: .nested)
        }
    }

    private mutating func requireTopLevel(_ what: String, _ context: Context, at position: SourcePosition)
        throws(Reported)
    {
        guard case .topLevel = context else {
            throw self.report(.onlyAtGlobalScope(what), at: position)
        }
    }

    // MARK: Versions and circuits

    /// In the job script, the first version statement names the circuit's version and
    /// each later one starts a new circuit; an included file may open with one.
    private mutating func handleVersion(_ version: String, at position: SourcePosition, in context: Context)
        throws(Reported)
    {
        guard case .topLevel(let isMainFile, let isFirstInFile) = context else {
            throw self.report(.versionNotFirst, at: position)
        }
        guard isMainFile else {
            if !isFirstInFile {
                throw self.report(.versionNotFirst, at: position)
            }
            return
        }
        if self.circuit.version != nil {
            self.finishCircuit()
            self.circuit = CircuitBuilder(name: "\(self.baseName)_\(self.circuits.count)")
        } else if self.circuit.firstStatement != nil {
            throw self.report(.versionNotFirst, at: position)
        }
        self.circuit.version = version
    }

    /// Closes the current circuit, settling its version: without a version statement it
    /// is OpenQASM 3 when it used OpenQASM 3 syntax, and otherwise 2.0 with a warning.
    private mutating func finishCircuit() {
        var version = self.circuit.version
        if version == nil {
            let usesVersion3 = self.circuit.usesVersion3Syntax || self.circuit.includedLibraries.contains(.stdgates)
            if !usesVersion3 {
                self.report(.missingVersion, at: self.circuit.firstStatement ?? SourcePosition(file: 0, offset: 0))
            }
            version = usesVersion3 ? "3" : "2.0"
        }
        if self.circuits.isEmpty {
            self.programVersion = version ?? "2.0"
        }
        self.finishedInstructions += self.circuit.instructions.count
        self.circuits.append(self.circuit.build())
    }

    /// `dir/bell.qasm` → `bell`.
    private static func circuitName(forFile file: String) -> String {
        let base = file.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? file
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else {
            return base.isEmpty ? "circuit" : base
        }
        return String(base[..<dot])
    }

    // MARK: Diagnostics

    func location(_ position: SourcePosition) -> SourceLocation {
        self.files[position.file].location(at: position.offset)
    }

    /// Records a diagnostic and returns the error that abandons the current statement.
    @discardableResult
    mutating func report(_ message: Message, at position: SourcePosition, notes: [Diagnostic.Note] = []) -> Reported {
        self.record(message.diagnostic(at: self.location(position), notes: notes))
        return Reported()
    }

    func note(_ text: String, at position: SourcePosition) -> Diagnostic.Note {
        Diagnostic.Note(message: text, location: self.location(position))
    }

    private mutating func record(_ diagnostic: Diagnostic) {
        guard !self.hasStopped else { return }
        self.diagnostics.append(diagnostic)
        guard diagnostic.severity == .error else { return }
        self.errorCount += 1
        if diagnostic.id == .limitExceeded {
            // Going on past a resource limit would only hit it again.
            self.hasStopped = true
            return
        }
        if self.errorCount >= Limits.errors {
            self.diagnostics.append(Message.tooManyErrors(limit: Limits.errors).diagnostic(at: diagnostic.location))
            self.hasStopped = true
        }
    }
}
