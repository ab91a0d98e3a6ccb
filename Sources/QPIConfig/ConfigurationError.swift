/// Why a configuration was refused: every problem found, in file, environment, then
/// command-line order, so an administrator can fix them all in one pass.
public struct ConfigurationError: Error, Sendable, Hashable {
    /// The problems found; never empty.
    public let diagnostics: [ConfigurationDiagnostic]

    /// Wraps problems found while loading.
    ///
    /// - Precondition: `diagnostics` is not empty.
    public init(_ diagnostics: [ConfigurationDiagnostic]) {
        precondition(!diagnostics.isEmpty, "a ConfigurationError holds at least one diagnostic")
        self.diagnostics = diagnostics
    }

    /// The codes of all problems, in order: what tests and callers should compare.
    public var codes: [Code] { self.diagnostics.map(\.code) }
}

extension ConfigurationError: CustomStringConvertible {
    /// One `location: error: message` line per problem, separated by newlines.
    public var description: String {
        self.diagnostics.map(\.description).joined(separator: "\n")
    }
}
