/// A configuration being assembled layer by layer.
///
/// The port-range bounds are kept apart until `finished()`, because layers may set them
/// one at a time (`PortRangeStart` from the file, `PortRangeEnd` from a flag) and the
/// range in between could be empty, which `ClosedRange` cannot represent.
struct ConfigurationDraft {
    var configuration = QPIConfiguration()
    var portRangeStart: Int
    var portRangeEnd: Int

    init() {
        self.portRangeStart = self.configuration.portRange.lowerBound
        self.portRangeEnd = self.configuration.portRange.upperBound
    }

    /// The configuration, or nil when the bounds set so far form an empty range.
    func finished() -> QPIConfiguration? {
        guard self.portRangeStart <= self.portRangeEnd else { return nil }
        var configuration = self.configuration
        configuration.portRange = self.portRangeStart...self.portRangeEnd
        return configuration
    }
}
