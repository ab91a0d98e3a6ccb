/// How one key's text is checked and stored into a configuration draft.
struct KeyBinding: Sendable {
    typealias Path<Value> = any WritableKeyPath<QPIConfiguration, Value> & Sendable

    /// Parses `text` and stores the value, or throws what would have been accepted.
    let apply: @Sendable (_ text: String, _ draft: inout ConfigurationDraft) throws(InvalidValue) -> Void
    /// Whether a bare `--flag` means `true`, as for Boolean keys; others need a value.
    var isSwitch = false

    /// A value computed by `parse` from the text and stored at `path`.
    static func value<Value>(
        _ path: Path<Value>,
        _ parse: @escaping @Sendable (String) throws(InvalidValue) -> Value
    ) -> Self {
        Self { text, draft throws(InvalidValue) in draft.configuration[keyPath: path] = try parse(text) }
    }

    /// A Boolean: its flag alone means true, `--flag=false` turns it off.
    static func toggle(_ path: Path<Bool>) -> Self {
        var binding = self.value(path) { text throws(InvalidValue) in try ValueText.bool(text) }
        binding.isSwitch = true
        return binding
    }

    static func duration(_ path: Path<Duration>, allowsZero: Bool = false) -> Self {
        self.value(path) { text throws(InvalidValue) in try ValueText.duration(text, allowsZero: allowsZero) }
    }

    static func integer(_ path: Path<Int>, in range: ClosedRange<Int>) -> Self {
        self.value(path) { text throws(InvalidValue) in try ValueText.integer(text, in: range) }
    }

    static func choice<Value: RawRepresentable & CaseIterable & Sendable>(_ path: Path<Value>) -> Self
    where Value.RawValue == String {
        self.value(path) { text throws(InvalidValue) in try ValueText.choice(text) }
    }

    /// Empty text stores nil, so that the library's own default applies.
    static func optional(_ path: Path<String?>) -> Self {
        self.value(path) { text throws(InvalidValue) in text.isEmpty ? nil : try ValueText.nonEmpty(text) }
    }

    /// `PortRange=START-END`: sets both bounds.
    static let portRange = Self { text, draft throws(InvalidValue) in
        let range = try ValueText.portRange(text)
        draft.portRangeStart = range.lowerBound
        draft.portRangeEnd = range.upperBound
    }

    /// `PortRangeStart`, the reference's spelling of the lower bound.
    static let portRangeStart = Self { text, draft throws(InvalidValue) in
        draft.portRangeStart = try ValueText.port(text)
    }

    /// `PortRangeEnd`, the reference's spelling of the upper bound.
    static let portRangeEnd = Self { text, draft throws(InvalidValue) in
        draft.portRangeEnd = try ValueText.port(text)
    }
}
