/// A test harness could not set itself up: a tool failed or a daemon did not start.
public struct HarnessError: Error, CustomStringConvertible, Sendable {
    /// What failed, with the tool's own output when there is some.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
