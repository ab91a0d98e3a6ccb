/// What a name denotes in a circuit's classical and quantum namespace. Gates live in
/// their own namespace (`GateTable`), as in OpenQASM 2, so a register may share a gate's name.
enum Symbol: Sendable {
    case quantumRegister(Register)
    /// An OpenQASM 3 `qubit q;`, belonging to no register.
    case qubit(Int)
    case classicalRegister(Register)
    /// An OpenQASM 3 `bit c;`, belonging to no register.
    case bit(Int)
    case value(Value)

    /// How the symbol reads in a diagnostic: "a classical register".
    var description: String {
        switch self {
        case .quantumRegister: "a quantum register"
        case .qubit: "a qubit"
        case .classicalRegister: "a classical register"
        case .bit: "a bit"
        case .value(let value): value.withArticle
        }
    }
}

/// Nested scopes of symbols: global first, then one per block and loop iteration.
struct SymbolTable: Sendable {
    struct Entry: Sendable {
        var symbol: Symbol
        var position: SourcePosition
    }

    private var scopes: [[String: Entry]] = [[:]]

    /// The innermost declaration of `name`.
    func lookup(_ name: String) -> Entry? {
        var index = self.scopes.count - 1
        while index >= 0 {
            if let entry = self.scopes[index][name] {
                return entry
            }
            index -= 1
        }
        return nil
    }

    /// The global declaration of `name`, which is all a gate body can see.
    func lookupGlobal(_ name: String) -> Entry? {
        self.scopes[0][name]
    }

    /// The declaration of `name` in the innermost scope only, which a new declaration
    /// of the same name would clash with.
    func lookupInInnermostScope(_ name: String) -> Entry? {
        self.scopes[self.scopes.count - 1][name]
    }

    mutating func declare(_ name: String, _ symbol: Symbol, at position: SourcePosition) {
        self.scopes[self.scopes.count - 1][name] = Entry(symbol: symbol, position: position)
    }

    mutating func pushScope() {
        self.scopes.append([:])
    }

    mutating func popScope() {
        if self.scopes.count > 1 {
            self.scopes.removeLast()
        }
    }
}
