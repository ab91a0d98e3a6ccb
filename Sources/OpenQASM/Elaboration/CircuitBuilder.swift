/// Everything known about the circuit being elaborated: its declarations, its gates
/// and the instructions produced so far. A version statement later in a file starts a
/// fresh builder, so every circuit has its own registers and gates.
struct CircuitBuilder: Sendable {
    let name: String
    /// The version as written; nil until a version statement is seen.
    var version: String?
    /// Whether anything OpenQASM 3 only was seen, to guess a missing version.
    var usesVersion3Syntax = false
    /// Where the first statement other than the version starts.
    var firstStatement: SourcePosition?

    private(set) var qubitCount = 0
    private(set) var clbitCount = 0
    private(set) var quantumRegisters: [Register] = []
    private(set) var classicalRegisters: [Register] = []
    /// Names of loose qubits by index, for diagnostics.
    private var looseQubits: [Int: String] = [:]
    var instructions: [Instruction] = []
    var globalPhase = 0.0

    var symbols = SymbolTable()
    var gates = GateTable()
    var includedLibraries: Set<StandardLibrary> = []
    var includedFiles: Set<String> = []
    /// Qubits measured without a target, with where: see `Elaborator.checkDiscardedMeasurements`.
    var discardedMeasurements: [Int: SourcePosition] = [:]

    init(name: String) {
        self.name = name
    }

    /// Allocates `size` qubits, as a register when `name` is given to a sized declaration.
    mutating func addQubits(_ name: String, size: Int?) -> Symbol {
        let offset = self.qubitCount
        self.qubitCount += size ?? 1
        guard let size else {
            self.looseQubits[offset] = name
            return .qubit(offset)
        }
        let register = Register(name: name, offset: offset, size: size)
        self.quantumRegisters.append(register)
        return .quantumRegister(register)
    }

    mutating func addClbits(_ name: String, size: Int?) -> Symbol {
        let offset = self.clbitCount
        self.clbitCount += size ?? 1
        guard let size else { return .bit(offset) }
        let register = Register(name: name, offset: offset, size: size)
        self.classicalRegisters.append(register)
        return .classicalRegister(register)
    }

    /// How qubit `index` reads in a diagnostic: `q[2]` or a loose qubit's name.
    func qubitName(_ index: Int) -> String {
        if let register = self.quantumRegisters.first(where: { $0.indices.contains(index) }) {
            return "\(register.name)[\(index - register.offset)]"
        }
        return self.looseQubits[index] ?? "\(index)"
    }

    func build() -> Circuit {
        Circuit(
            name: self.name,
            qubitCount: self.qubitCount,
            clbitCount: self.clbitCount,
            quantumRegisters: self.quantumRegisters,
            classicalRegisters: self.classicalRegisters,
            instructions: self.instructions,
            globalPhase: self.globalPhase
        )
    }
}
