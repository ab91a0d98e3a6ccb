/// A test harness could not set itself up: a tool failed or a daemon did not start.
public struct HarnessError: Error, CustomStringConvertible, Sendable {
    /// What failed, with the tool's own output when there is some.
    public let description: String

    /// An error saying what failed; test helpers built on the harnesses throw it too.
    public init(_ description: String) {
        self.description = description
    }
}
