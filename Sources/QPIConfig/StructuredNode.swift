/// A JSON or YAML value, with the line it starts on when the parser reports one
/// (libyaml does; Foundation's JSON decoder does not).
struct StructuredNode {
    enum Value {
        case null
        case string(String)
        /// The number as written, so that `8090` stays `8090` and not `8090.0`.
        case number(String)
        case bool(Bool)
        case sequence([StructuredNode])
        /// Members in file order (YAML) or sorted by key (JSON, whose decoder loses the order).
        case mapping([(key: String, value: StructuredNode)])
    }

    var value: Value
    var line: Int?

    /// A node without a known line, as Foundation's JSON decoder produces.
    init(_ value: Value) {
        self.value = value
        self.line = nil
    }

    /// The scalar as configuration text: null is empty, booleans are `true`/`false`;
    /// nil for sequences and mappings.
    var scalarText: String? {
        switch self.value {
        case .null: ""
        case .string(let text), .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .sequence, .mapping: nil
        }
    }
}
