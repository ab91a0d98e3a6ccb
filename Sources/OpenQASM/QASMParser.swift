/// Entry point of the OpenQASM front end: source text in, flat circuits out.
///
/// Parsing is pure: no file system, clock or global state. Includes other than
/// `qelib1.inc` and `stdgates.inc` go through the caller's resolver.
public enum QASMParser {
    /// Parses an OpenQASM 2.0 or 3 job script into flat circuits.
    ///
    /// - Parameters:
    ///   - source: The job script.
    ///   - includes: Serves `include "…";` for files other than the two built-in
    ///     libraries; with nil, such includes are errors.
    ///   - instructionBudget: Instructions all circuits together may expand to (an error
    ///     names it when they would exceed it); nil for only the limit per circuit.
    /// - Returns: The circuits, directives and warnings.
    /// - Throws: `QASMError` holding every diagnostic found, at least one an error.
    public static func parse(_ source: SourceFile, includes: IncludeResolver? = nil, instructionBudget: Int? = nil)
        throws(QASMError) -> Program
    {
        var elaborator = Elaborator(resolver: includes, instructionBudget: instructionBudget)
        elaborator.run(source)
        let diagnostics = elaborator.diagnostics
        if diagnostics.contains(where: { $0.severity == .error }) {
            throw QASMError(diagnostics: diagnostics)
        }
        return Program(
            version: elaborator.programVersion,
            circuits: elaborator.circuits,
            directives: elaborator.directives,
            warnings: diagnostics
        )
    }
}
