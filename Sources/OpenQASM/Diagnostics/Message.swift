/// The ID, severity and wording of one diagnostic before it has a location.
///
/// All user-facing wording lives in the factories of this type (see
/// `Message+Catalog.swift`), so messages stay consistent and tests can match IDs.
struct Message: Sendable, Hashable {
    var id: DiagnosticID
    var severity: Diagnostic.Severity
    var text: String

    init(_ id: DiagnosticID, _ text: String, severity: Diagnostic.Severity = .error) {
        self.id = id
        self.severity = severity
        self.text = text
    }

    /// The diagnostic this message makes at `location`.
    func diagnostic(at location: SourceLocation, notes: [Diagnostic.Note] = []) -> Diagnostic {
        Diagnostic(id: self.id, severity: self.severity, message: self.text, location: location, notes: notes)
    }
}
