/// The stable identity of a kind of diagnostic.
///
/// Tools and tests match on the ID, never on the message text, so wording can improve
/// without breaking callers. The set grows over time: new IDs are new static members,
/// which is why this is a struct and not an enum.
public struct DiagnosticID: Hashable, Sendable, CustomStringConvertible {
    private let rawValue: String

    private init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// The stable code, for example `unexpected-token`.
    public var description: String { self.rawValue }
}

extension DiagnosticID {
    // Lexical and syntactic problems.

    /// A token other than the one the grammar needs at this point.
    public static let unexpectedToken = DiagnosticID("unexpected-token")
    /// Bytes that form no token: a stray character, an unterminated string or comment, a malformed number.
    public static let invalidToken = DiagnosticID("invalid-token")
    /// Blocks, expressions or gate definitions nested deeper than the parser follows.
    public static let nestingTooDeep = DiagnosticID("nesting-too-deep")
    /// A statement in a place where it is not allowed (a register declared in a loop, a version statement after other statements).
    public static let misplacedStatement = DiagnosticID("misplaced-statement")

    // Versions, includes and directives.

    /// Warning: the file has no `OPENQASM` version statement; OpenQASM 2.0 is assumed.
    public static let missingVersion = DiagnosticID("missing-version")
    /// An `OPENQASM` version other than 2.x or 3.x.
    public static let unsupportedVersion = DiagnosticID("unsupported-version")
    /// An `include` that could not be read, or that includes itself.
    public static let includeFailed = DiagnosticID("include-failed")
    /// A malformed `// QPI` job-script directive.
    public static let invalidDirective = DiagnosticID("invalid-directive")
    /// Warning: a `// QPI` directive after the first statement, which is ignored.
    public static let ignoredDirective = DiagnosticID("ignored-directive")
    /// An OpenQASM 3 construct this parser does not implement.
    public static let unsupportedFeature = DiagnosticID("unsupported-feature")

    // Names.

    /// A register, variable or function that was never declared.
    public static let undeclaredIdentifier = DiagnosticID("undeclared-identifier")
    /// A gate that is neither built in, included nor defined.
    public static let unknownGate = DiagnosticID("unknown-gate")
    /// A second declaration of a name in the same scope.
    public static let redefinition = DiagnosticID("redefinition")
    /// A name used as something it is not: a classical register as a qubit, a register as a constant.
    public static let typeMismatch = DiagnosticID("type-mismatch")

    // Gate applications and quantum operations.

    /// A gate applied to the wrong number of qubits, or a function called with the wrong number of arguments.
    public static let wrongArgumentCount = DiagnosticID("wrong-argument-count")
    /// A gate applied with the wrong number of angle parameters.
    public static let wrongParameterCount = DiagnosticID("wrong-parameter-count")
    /// The same qubit passed twice to one gate application.
    public static let duplicateQubitArgument = DiagnosticID("duplicate-qubit-argument")
    /// An index outside its register.
    public static let indexOutOfRange = DiagnosticID("index-out-of-range")
    /// Registers of different sizes in one broadcast, or a measurement whose sources and targets differ in number.
    public static let registerSizeMismatch = DiagnosticID("register-size-mismatch")

    // Values.

    /// A division or remainder by zero in a constant expression.
    public static let divisionByZero = DiagnosticID("division-by-zero")
    /// A value outside what its use allows: a register size, a loop step, an integer overflow, a comparison value wider than its register.
    public static let valueOutOfRange = DiagnosticID("value-out-of-range")
    /// An expression whose value is infinite or not a number, such as `sqrt(-1)` or `ln(0)`.
    public static let nonFiniteValue = DiagnosticID("non-finite-value")

    // Inputs (parameter sweeps).

    /// An OpenQASM 3 `input` given no value, by `QASMParser.bind` or by a parse of a job script never bound.
    public static let unboundInput = DiagnosticID("unbound-input")
    /// A value for an input that is not of its type or outside its width.
    public static let invalidInputValue = DiagnosticID("invalid-input-value")
    /// A value for a name the job script does not declare as an input.
    public static let unknownInput = DiagnosticID("unknown-input")

    // Resources.

    /// The program expands past a size limit (instructions, loop iterations, errors) that protects the host.
    public static let limitExceeded = DiagnosticID("limit-exceeded")
}
