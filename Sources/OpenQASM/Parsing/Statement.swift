/// One statement as written, before names are resolved.
struct Statement: Sendable {
    var kind: Kind
    /// Where the statement's first token starts.
    var position: SourcePosition

    /// Gate applications, the bulk of every file, are stored inline; larger or rarer
    /// statements are boxed so that statements stay cheap to copy.
    enum Kind: Sendable {
        /// `OPENQASM 2.0;` with the version as written.
        case version(String)
        /// `include "path";` with the path without quotes.
        case include(String)
        indirect case registerDeclaration(RegisterDeclaration)
        indirect case scalarDeclaration(ScalarDeclaration)
        indirect case gateDefinition(GateDefinition)
        indirect case opaqueDeclaration(GateSignature)
        case gateCall(GateCall)
        /// `measure q -> c;`, `c = measure q;`, or with a nil target `measure q;`.
        indirect case measure(Operand, target: Operand?)
        case reset([Operand])
        /// `barrier a, b;`; empty for a bare `barrier;`, which spans every qubit.
        case barrier([Operand])
        indirect case conditional(condition: Expression, then: [Statement], otherwise: [Statement]?)
        indirect case loop(ForLoop)
        case block([Statement])
    }
}

/// `qreg q[n];`, `creg c[n];`, `qubit[n] q;`, `bit[n] c;`, or a loose `qubit q;` or `bit c;`.
struct RegisterDeclaration: Sendable {
    var name: Identifier
    /// Nil for a loose qubit or bit, which belongs to no register.
    var size: Expression?
    var isQuantum: Bool
    /// Tells `qubit`/`bit` from `qreg`/`creg`, which matters when guessing a missing version.
    var isVersion3Syntax: Bool
}

/// A reference to a register or one of its elements: `q` or `q[i]`.
struct Operand: Sendable {
    var name: Identifier
    var index: Expression?
}

/// `ctrl @ pow(2) @ rx(θ) a, b;`
struct GateCall: Sendable {
    var modifiers: [GateModifier]
    var name: Identifier
    var parameters: [Expression]
    var operands: [Operand]
}

/// A modifier in front of a gate application.
struct GateModifier: Sendable {
    enum Kind: Sendable {
        /// `ctrl(n) @`, or `negctrl(n) @` when negative; a nil count means one.
        case control(count: Expression?, negative: Bool)
        case inverse
        case power(Expression)
    }

    var kind: Kind
    var position: SourcePosition
}

/// The name, parameters and qubit arguments of a gate or opaque declaration.
struct GateSignature: Sendable {
    var name: Identifier
    var parameters: [Identifier]
    var qubits: [Identifier]
}

struct GateDefinition: Sendable {
    var signature: GateSignature
    var body: [Statement]
}

/// `const float a = 1.0;`, `int[32] n = 4;`, `bool b;`
struct ScalarDeclaration: Sendable {
    var type: ScalarType
    var isConstant: Bool
    var name: Identifier
    var initializer: Expression?
}

/// The classical scalar types a declaration or loop variable can have.
enum ScalarType: String, Sendable {
    case int
    case uint
    case float
    case angle
    case bool

    /// The type's name with its article, for diagnostics: "an int", "a uint".
    var withArticle: String {
        switch self {
        case .int, .angle: "an \(self.rawValue)"
        case .uint, .float, .bool: "a \(self.rawValue)"
        }
    }
}

/// `for int i in [0:2:10] { … }` or `for i in {1, 3, 5} …`.
struct ForLoop: Sendable {
    enum Iterable: Sendable {
        /// `[start:end]` or `[start:step:end]`; `end` is included.
        case range(start: Expression, step: Expression?, end: Expression)
        case set([Expression])
    }

    var type: ScalarType?
    var variable: Identifier
    var iterable: Iterable
    var body: [Statement]
}
