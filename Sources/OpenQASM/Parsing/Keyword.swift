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
