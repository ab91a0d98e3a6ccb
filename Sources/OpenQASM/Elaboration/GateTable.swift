/// The gates visible in one circuit, indexed so that gate bodies can refer to the exact
/// declaration they were checked against.
struct GateTable: Sendable {
    private var declarations: [GateDeclaration] = []
    private var indices: [String: Int] = [:]

    /// A table holding the language's built-in gates.
    init() {
        for entry in StandardLibrary.builtins {
            self.add(
                GateDeclaration(
                    name: entry.name,
                    parameterCount: entry.parameterCount,
                    qubitCount: entry.qubitCount,
                    body: .intrinsic(entry.intrinsic),
                    origin: .builtin(replaceable: entry.name == "CX"),
                    expansionSize: entry.intrinsic.expansionSize
                )
            )
        }
    }

    func index(of name: String) -> Int? {
        self.indices[name]
    }

    subscript(index: Int) -> GateDeclaration {
        self.declarations[index]
    }

    /// Adds a declaration; its name now refers to it, while bodies checked earlier keep
    /// the declaration they were checked against.
    @discardableResult
    mutating func add(_ declaration: GateDeclaration) -> Int {
        self.declarations.append(declaration)
        self.indices[declaration.name] = self.declarations.count - 1
        return self.declarations.count - 1
    }
}
