extension Elaborator {
    /// `qreg`, `creg`, `qubit` and `bit` declarations.
    mutating func declareRegister(_ declaration: RegisterDeclaration) throws(Reported) {
        let name = declaration.name
        let isQuantum = declaration.isQuantum
        if declaration.isVersion3Syntax {
            self.circuit.usesVersion3Syntax = true
        }
        try self.checkNotDeclared(name)
        if self.isVersion2 {
            try self.checkNotAGate(name)
        }
        var count: Int?
        if let size = declaration.size {
            let value = try self.evaluateInteger(size, "a register size")
            guard (0...Limits.bits).contains(value) else {
                throw self.report(.invalidRegisterSize(value, limit: Limits.bits), at: size.position)
            }
            count = value
        }
        let total = (isQuantum ? self.circuit.qubitCount : self.circuit.clbitCount) + (count ?? 1)
        guard total <= Limits.bits else {
            throw self.report(.tooManyBits(limit: Limits.bits), at: name.position)
        }
        let symbol =
            isQuantum
            ? self.circuit.addQubits(name.name, size: count)
            : self.circuit.addClbits(name.name, size: count)
        self.circuit.symbols.declare(name.name, symbol, at: name.position)
    }

    /// `const float x = …;`, `int n;` and the other classical scalars, whose values are
    /// all known at compile time (assignments are not supported).
    mutating func declareScalar(_ declaration: ScalarDeclaration) throws(Reported) {
        var value = Value.zero(of: declaration.type)
        if let initializer = declaration.initializer {
            let initial = try self.evaluate(initializer)
            guard let converted = initial.converted(to: declaration.type) else {
                if case .float(let real) = initial, real.rounded() == real {
                    throw self.report(.integerTooLarge(real), at: initializer.position)
                }
                throw self.report(
                    .expectedValue(
                        declaration.type.withArticle, in: "the value of '\(declaration.name.name)'",
                        found: initial.description),
                    at: initializer.position
                )
            }
            value = converted
        }
        try self.checkNotDeclared(declaration.name)
        self.circuit.symbols.declare(declaration.name.name, .value(value), at: declaration.name.position)
    }

    /// Reports a redefinition when `name` is already declared in the innermost scope.
    mutating func checkNotDeclared(_ name: Identifier) throws(Reported) {
        guard let existing = self.circuit.symbols.lookupInInnermostScope(name.name) else { return }
        throw self.report(
            .redefinition(name.name),
            at: name.position,
            notes: [self.note(NoteText.firstDeclared(name.name), at: existing.position)]
        )
    }

    /// Reports a register named like a gate: in OpenQASM 2, as Qiskit reads it, gates
    /// and registers share one namespace. OpenQASM 3 files keep them apart, since
    /// `stdgates.inc` takes short names (`t`, `s`) that programs give their registers.
    mutating func checkNotAGate(_ name: Identifier) throws(Reported) {
        guard let existing = self.circuit.gates.index(of: name.name) else { return }
        switch self.circuit.gates[existing].origin {
        case .builtin:
            throw self.report(.redefinitionOfBuiltin(name.name), at: name.position)
        case .library(let library, let includedAt):
            let note = self.note(NoteText.includedLibrary(name.name, library: library.rawValue), at: includedAt)
            throw self.report(.redefinition(name.name), at: name.position, notes: [note])
        case .source(let first):
            let note = self.note(NoteText.firstDeclared(name.name), at: first)
            throw self.report(.redefinition(name.name), at: name.position, notes: [note])
        }
    }

    /// Whether the current circuit declared OpenQASM 2, whose rules are Qiskit's.
    var isVersion2: Bool {
        self.circuit.version?.hasPrefix("2") == true
    }

    // MARK: Includes

    /// `include "path";`: the built-in libraries declare their gates; other files go
    /// through the resolver and are elaborated in place.
    mutating func include(_ path: String, at position: SourcePosition) throws(Reported) {
        if let library = StandardLibrary(rawValue: path) {
            return try self.includeLibrary(library, at: position)
        }
        guard let resolver = self.resolver else {
            throw self.report(.includeUnavailable(path), at: position)
        }
        guard self.includeStack.count < Limits.includeDepth else {
            throw self.report(.includeTooDeep(path, limit: Limits.includeDepth), at: position)
        }
        let source: SourceFile
        do {
            source = try resolver(path, self.files[position.file].name)
        } catch {
            throw self.report(.includeFailed(path, reason: "\(error)"), at: position)
        }
        guard !self.includeStack.contains(source.name) else {
            throw self.report(.includeCycle(path), at: position)
        }
        // Including a file twice is harmless, as with a header guard.
        guard self.circuit.includedFiles.insert(source.name).inserted else { return }
        self.includeStack.append(source.name)
        self.process(SourceBuffer(source), isMainFile: false)
        self.includeStack.removeLast()
    }

    private mutating func includeLibrary(_ library: StandardLibrary, at position: SourcePosition) throws(Reported) {
        guard self.circuit.includedLibraries.insert(library).inserted else { return }
        var clashed = false
        for entry in library.entries {
            if self.isVersion2, let symbol = self.circuit.symbols.lookupGlobal(entry.name) {
                self.report(
                    .redefinition(entry.name),
                    at: position,
                    notes: [self.note(NoteText.firstDeclared(entry.name), at: symbol.position)]
                )
                clashed = true
                continue
            }
            if let existing = self.circuit.gates.index(of: entry.name) {
                switch self.circuit.gates[existing].origin {
                case .builtin(replaceable: true):
                    break
                case .builtin(replaceable: false), .library:
                    // Both libraries define the common gates identically; keep the first.
                    continue
                case .source(let defined):
                    self.report(
                        .redefinition(entry.name),
                        at: position,
                        notes: [self.note(NoteText.firstDeclared(entry.name), at: defined)]
                    )
                    clashed = true
                    continue
                }
            }
            self.circuit.gates.add(
                GateDeclaration(
                    name: entry.name,
                    parameterCount: entry.parameterCount,
                    qubitCount: entry.qubitCount,
                    body: .intrinsic(entry.intrinsic),
                    origin: .library(library, includedAt: position),
                    expansionSize: entry.intrinsic.expansionSize
                )
            )
        }
        if clashed {
            throw Reported()
        }
    }
}
