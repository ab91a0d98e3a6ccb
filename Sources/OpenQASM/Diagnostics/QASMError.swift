/// The error `QASMParser.parse` throws: every diagnostic found in the program, in the
/// order they were found, holding at least one error (warnings found on the way are
/// included too).
public struct QASMError: Error, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// Only the diagnostics with severity `.error`.
    public var errors: [Diagnostic] { self.diagnostics.filter { $0.severity == .error } }

    /// One diagnostic per line, `file:line:col: severity: message`.
    public var description: String {
        self.diagnostics.map(\.description).joined(separator: "\n")
    }

    /// Like `description`, with each diagnostic's notes on the lines after it.
    public func detailedDescription() -> String {
        self.diagnostics
            .flatMap { [$0.description] + $0.notes.map(\.description) }
            .joined(separator: "\n")
    }
}
