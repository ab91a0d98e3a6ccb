import Yams

/// A JSON or YAML value, with the line it starts on when the parser reports one
/// (Yams does; Foundation's JSON decoder does not).
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

    /// A node of the tree Yams composed, with tags resolved to our value kinds.
    init(_ node: Yams.Node) {
        self.line = node.mark?.line
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: self.value = .null
            case .bool: self.value = .bool(node.bool ?? false)
            case .int, .float: self.value = .number(scalar.string)
            default: self.value = .string(scalar.string)
            }
        case .mapping(let mapping):
            self.value = .mapping(mapping.map { (key: $0.key.string ?? "\($0.key)", value: StructuredNode($0.value)) })
        case .sequence(let sequence):
            self.value = .sequence(sequence.map(StructuredNode.init))
        case .alias:
            // Yams' composer replaces aliases with the nodes they name; an alias node only
            // appears in trees built for emitting, never here.
            self.value = .null
        }
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
