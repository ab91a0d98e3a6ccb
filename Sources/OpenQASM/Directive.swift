/// One option of a `// QPI --shots=2000 --qpu=sim0` job-script directive line.
///
/// The parser does not know which options exist; the layer that runs jobs validates them.
public struct Directive: Sendable, Hashable {
    /// The option name without its leading dashes, for example `shots`.
    public var option: String
    /// The value after `=` or the following word, with surrounding quotes removed; nil for
    /// a bare flag such as `--dry-run`.
    public var value: String?
    /// Where the option's `--` starts.
    public var location: SourceLocation

    public init(option: String, value: String?, location: SourceLocation) {
        self.option = option
        self.value = value
        self.location = location
    }
}
