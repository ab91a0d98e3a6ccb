/// Words with a meaning at the start of a statement or in a declaration.
///
/// OpenQASM 2 lets most of these name registers and gates, so the lexer leaves them as
/// identifiers and the parser checks for them only where a keyword can stand.
enum Keyword: String, CaseIterable {
    case openqasm = "OPENQASM"
    case include, qreg, creg, qubit, bit, gate, opaque, measure, reset, barrier
    case `if`, `else`, `for`, `in`, const
    case int, uint, float, angle, bool
    case ctrl, negctrl, inv, pow

    // OpenQASM 3 statements this parser rejects by name.
    case def, `while`, extern, duration, stretch, delay, box, defcal, defcalgrammar, cal
    case input, output, `switch`, array, `let`, `return`, `break`, `continue`, end, complex, pragma

    /// The keyword spelled `word`, if any. A hash lookup: `init(rawValue:)` compares
    /// against every case in turn, and this runs for every statement.
    static func named(_ word: String) -> Keyword? {
        Self.byName[word]
    }

    private static let byName: [String: Keyword] = Dictionary(
        uniqueKeysWithValues: Self.allCases.map { ($0.rawValue, $0) })

    /// Whether `word` is reserved in `version` and so cannot name what a declaration
    /// introduces. Without a declared version nothing is reserved beyond what the
    /// grammar itself needs, as files in the wild use keywords of the other version.
    static func isReserved(_ word: String, inVersion version: Int?) -> Bool {
        switch version {
        case 2: Self.reservedInVersion2.contains(word)
        case 3: Self.reservedInVersion3.contains(word)
        default: false
        }
    }

    /// Qiskit's OpenQASM 2 tokens that are not identifiers (`U` and `CX` are built-in
    /// gates, which a declaration of the same name redefines).
    private static let reservedInVersion2: Set<String> = [
        "OPENQASM", "include", "qreg", "creg", "gate", "opaque", "measure", "reset", "barrier", "if",
        "pi", "sin", "cos", "tan", "exp", "ln", "sqrt",
    ]

    /// The keywords and constants of the OpenQASM 3 grammar's lexer.
    private static let reservedInVersion3: Set<String> = [
        "OPENQASM", "include", "defcalgrammar", "def", "cal", "defcal", "gate", "extern", "box", "let",
        "break", "continue", "if", "else", "end", "return", "for", "while", "in", "switch", "case", "default",
        "nop", "pragma", "input", "output", "const", "readonly", "mutable", "qreg", "qubit", "creg", "bool",
        "bit", "int", "uint", "float", "angle", "complex", "array", "void", "duration", "stretch", "gphase",
        "inv", "pow", "ctrl", "negctrl", "dim", "durationof", "delay", "reset", "measure", "barrier", "true",
        "false", "pi", "π", "tau", "τ", "euler", "ℇ",
    ]

    /// Keywords that start a statement this parser does not implement.
    var isUnsupportedStatement: Bool {
        switch self {
        case .def, .while, .extern, .duration, .stretch, .delay, .box, .defcal, .defcalgrammar, .cal,
            .input, .output, .switch, .array, .let, .return, .break, .continue, .end, .complex, .pragma:
            return true
        default:
            return false
        }
    }

    var scalarType: ScalarType? {
        switch self {
        case .int: .int
        case .uint: .uint
        case .float: .float
        case .angle: .angle
        case .bool: .bool
        default: nil
        }
    }
}
