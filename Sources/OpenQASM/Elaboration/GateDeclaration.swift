/// A gate the program can apply: built in, from a library, defined or opaque.
struct GateDeclaration: Sendable {
    enum Body: Sendable {
        case intrinsic(Intrinsic)
        case defined(GateBody)
        /// Declared with `opaque`: applications become `Operation.opaque`.
        case opaque
    }

    /// Where the declaration comes from, for redefinition rules and notes.
    enum Origin: Sendable {
        /// Part of the language. `CX` is replaceable, as OpenQASM 3 files without
        /// `stdgates.inc` may define their own.
        case builtin(replaceable: Bool)
        case library(StandardLibrary, includedAt: SourcePosition)
        case source(SourcePosition)
    }

    var name: String
    var parameterCount: Int
    var qubitCount: Int
    var body: Body
    var origin: Origin
    /// How many operations one application expands to, not counting `pow` repetitions
    /// in the body (saturating): lets a call that could never fit be refused before
    /// it is expanded.
    var expansionSize: Int
}

/// The checked body of a `gate` definition, ready to expand with any arguments.
struct GateBody: Sendable {
    var parameterNames: [String]
    var operations: [BodyOperation]
}

enum BodyOperation: Sendable {
    case call(BodyCall)
    /// Qubits are indices into the gate's qubit arguments.
    case barrier([Int])
}

/// A gate application inside a gate body, with names already resolved.
struct BodyCall: Sendable {
    /// Index of the applied gate in the circuit's `GateTable`.
    var callee: Int
    var modifiers: [BodyModifier]
    /// Angle expressions over the enclosing gate's parameters and global constants.
    var parameters: [Expression]
    /// Indices into the enclosing gate's qubit arguments.
    var qubits: [Int]
    var position: SourcePosition
}

/// A modifier of a gate-body application; a power may depend on the gate's parameters,
/// so it stays an expression until expansion.
enum BodyModifier: Sendable {
    case control(count: Int, negative: Bool)
    case inverse
    case power(Expression)
}

/// A modifier with its values known, ready to apply.
enum AppliedModifier: Sendable {
    case control(count: Int, negative: Bool)
    case inverse
    case power(Double)

    var controlCount: Int {
        if case .control(let count, _) = self { count } else { 0 }
    }
}
