/// Bounds that keep hostile or runaway input from exhausting the stack, memory or time
/// of the process that parses it. Each is far above what real circuits need.
enum Limits {
    /// Nested blocks and statement bodies followed by the recursive-descent parser.
    /// Expressions have no such limit: nothing that reads them recurses (see `Expression`).
    static let nesting = 100
    /// Gate definitions expanding into one another.
    static let gateExpansionDepth = 200
    /// Files including one another.
    static let includeDepth = 32
    /// Instructions in one circuit after every expansion (a few hundred bytes each).
    static let instructions = 5_000_000
    /// Loop iterations unrolled over the whole program.
    static let loopIterations = 2_000_000
    /// Qubits, and separately bits, declared in one circuit.
    static let bits = 1 << 20
    /// Errors reported before the parser gives up.
    static let errors = 100
    /// Source bytes in one file.
    static let sourceBytes = 1 << 30
}
