extension ConfigurationDiagnostic {
    /// `invalid value 'abc' for IdleThreshold: expected a duration such as 5s`.
    static func invalidValue(
        _ text: String,
        for name: String,
        _ error: InvalidValue,
        at location: ConfigurationLocation
    ) -> Self {
        Self(code: .invalidValue, message: "invalid value '\(text)' for \(name): \(error.expected)", location: location)
    }
}
