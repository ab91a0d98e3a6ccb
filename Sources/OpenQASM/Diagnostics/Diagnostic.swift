/// A problem found in OpenQASM source: an error that stops the program from being
/// used, or a warning about something that was accepted.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// Whether a diagnostic stops the parse.
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    /// A related place in the source, such as the first declaration of a redefined name.
    public struct Note: Sendable, Hashable, CustomStringConvertible {
        /// What the related place is, for example "'q' was first declared here".
        public var message: String
        public var location: SourceLocation

        public init(message: String, location: SourceLocation) {
            self.message = message
            self.location = location
        }

        /// `file:line:col: note: message`.
        public var description: String { "\(self.location): note: \(self.message)" }
    }

    /// What kind of problem this is; stable across releases, unlike `message`.
    public var id: DiagnosticID
    public var severity: Severity
    /// One line of prose that names the bad value and says what was expected.
    public var message: String
    /// Where the problem starts.
    public var location: SourceLocation
    public var notes: [Note]

    public init(
        id: DiagnosticID,
        severity: Severity,
        message: String,
        location: SourceLocation,
        notes: [Note] = []
    ) {
        self.id = id
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
    }

    /// `file:line:col: error: message`, without the notes.
    public var description: String { "\(self.location): \(self.severity.rawValue): \(self.message)" }
}
