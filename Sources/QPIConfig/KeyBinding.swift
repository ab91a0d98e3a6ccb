/// How one key's text is checked and stored into a configuration draft.
struct KeyBinding: Sendable {
    typealias Path<Value> = any WritableKeyPath<QPIConfiguration, Value> & Sendable

    /// Parses `text` and stores the value, or throws what would have been accepted.
    let apply: @Sendable (_ text: String, _ draft: inout ConfigurationDraft) throws(InvalidValue) -> Void
    /// The key's effective value written as `qpi.conf` would spell it, for `qctl show config`
    /// and for telling which keys a reload changed.
    let render: @Sendable (_ configuration: QPIConfiguration) -> String
    /// Whether a bare `--flag` means `true`, as for Boolean keys; others need a value.
    var isSwitch = false

    init(
        apply: @escaping @Sendable (_ text: String, _ draft: inout ConfigurationDraft) throws(InvalidValue) -> Void,
        render: @escaping @Sendable (_ configuration: QPIConfiguration) -> String
    ) {
        self.apply = apply
        self.render = render
    }

    /// A value computed by `parse` from the text and stored at `path`.
    static func value<Value>(
        _ path: Path<Value>,
        _ parse: @escaping @Sendable (String) throws(InvalidValue) -> Value
    ) -> Self {
        Self(
            apply: { text, draft throws(InvalidValue) in draft.configuration[keyPath: path] = try parse(text) },
            render: { ValueText.render($0[keyPath: path]) })
    }

    /// A Boolean: its flag alone means true, `--flag=false` turns it off.
    static func toggle(_ path: Path<Bool>) -> Self {
        var binding = self.value(path) { text throws(InvalidValue) in try ValueText.bool(text) }
        binding.isSwitch = true
        return binding
    }

    /// `bareSeconds`: a bare number is seconds rather than minutes (see `ValueText.duration`).
    static func duration(_ path: Path<Duration>, allowsZero: Bool = false, bareSeconds: Bool = false) -> Self {
        self.value(path) { text throws(InvalidValue) in
            try ValueText.duration(text, allowsZero: allowsZero, bareSeconds: bareSeconds)
        }
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
    static let portRange = Self(
        apply: { text, draft throws(InvalidValue) in
            let range = try ValueText.portRange(text)
            draft.portRangeStart = range.lowerBound
            draft.portRangeEnd = range.upperBound
        },
        render: { "\($0.portRange.lowerBound)-\($0.portRange.upperBound)" })

    /// `PortRangeStart`, the reference's spelling of the lower bound.
    static let portRangeStart = Self(
        apply: { text, draft throws(InvalidValue) in draft.portRangeStart = try ValueText.port(text) },
        render: { "\($0.portRange.lowerBound)" })

    /// `PortRangeEnd`, the reference's spelling of the upper bound.
    static let portRangeEnd = Self(
        apply: { text, draft throws(InvalidValue) in draft.portRangeEnd = try ValueText.port(text) },
        render: { "\($0.portRange.upperBound)" })
}
