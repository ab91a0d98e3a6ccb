/// One configuration problem: what is wrong, what would be accepted, and where.
public struct ConfigurationDiagnostic: Sendable, Hashable {
    /// Stable identifier of the kind of problem; compare this, not the message.
    public var code: ConfigurationError.Code
    /// Names the bad key or value and says what would be accepted.
    public var message: String
    /// The file line, environment variable or flag at fault.
    public var location: ConfigurationLocation

    /// A problem of kind `code` at `location`.
    public init(code: ConfigurationError.Code, message: String, location: ConfigurationLocation) {
        self.code = code
        self.message = message
        self.location = location
    }
}

extension ConfigurationDiagnostic: CustomStringConvertible {
    /// `qpi.conf:12: error: invalid value 'abc' for IdleThreshold: …`, on one line.
    public var description: String { "\(self.location): error: \(self.message)" }
}
