/// A parsed job script: one or more circuits plus the options its directives carry.
public struct Program: Sendable {
    /// The OpenQASM version of the first circuit as written (`"2.0"`, `"3"`, `"3.0"`), or
    /// the version assumed when the file has no version statement.
    public var version: String
    /// The circuits in file order; a later `OPENQASM` statement starts a new one.
    public var circuits: [Circuit]
    /// Options from the leading `// QPI` comment lines, in source order.
    public var directives: [Directive]
    /// Everything accepted with a warning, such as a missing version statement.
    public var warnings: [Diagnostic]

    public init(version: String, circuits: [Circuit], directives: [Directive], warnings: [Diagnostic]) {
        self.version = version
        self.circuits = circuits
        self.directives = directives
        self.warnings = warnings
    }
}
