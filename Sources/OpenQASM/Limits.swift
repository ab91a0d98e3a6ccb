/// Bounds that keep hostile or runaway input from exhausting the stack, memory or time
/// of the process that parses it. Each is far above what real circuits need.
enum Limits {
    /// Nested blocks and statement bodies followed by the recursive-descent parser.
    static let nesting = 100
    /// Nested parentheses and exponents in one expression. Each level costs a handful of
    /// parser frames, about 5.5 KiB in a debug build (measured): this depth stays under
    /// 3 MiB, well inside the 8 MiB threads the parser runs on.
    static let expressionNesting = 500
    /// Height of an expression tree; a long flat sum such as `a+b+…` is a deep tree that
    /// the parser builds without recursion but the evaluator walks recursively.
    static let expressionDepth = 1000
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
