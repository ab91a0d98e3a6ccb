import CYAML

/// Composes a YAML file into a ``StructuredNode`` tree with libyaml, resolving plain
/// scalars by YAML 1.1's rules for null, booleans and numbers.
///
/// libyaml directly rather than a Swift YAML package: the ones available build on
/// Foundation (regular expressions), and every command reads the configuration, so
/// linking them would cost every command Foundation's start-up.
enum YAMLReader {
    /// Why a text is not a YAML configuration, and the line (from 1) where libyaml found out.
    struct Failure: Error {
        var problem: String
        var line: Int?
    }

    /// Deeper than any configuration nests: an alias of a node inside itself would
    /// otherwise recurse without end.
    static let maximumDepth = 64

    /// The tree of the single document in `text`; nil when it holds none.
    static func compose(_ text: String) throws(Failure) -> StructuredNode? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw Failure(problem: "out of memory") }
        defer { yaml_parser_delete(&parser) }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(Failure) -> StructuredNode? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var document = yaml_document_t()
            guard yaml_parser_load(&parser, &document) == 1 else { throw Self.failure(of: parser) }
            defer { yaml_document_delete(&document) }
            guard let root = yaml_document_get_root_node(&document) else { return nil }
            var next = yaml_document_t()
            guard yaml_parser_load(&parser, &next) == 1 else { throw Self.failure(of: parser) }
            let another = yaml_document_get_root_node(&next) != nil
            let anotherLine = Int(next.start_mark.line) + 1
            yaml_document_delete(&next)
            if another { throw Failure(problem: "expected a single document, found another", line: anotherLine) }
            return try Self.node(root, in: &document, depth: 0)
        }
    }

    private static func failure(of parser: yaml_parser_t) -> Failure {
        let problem = parser.problem.map { String(cString: $0) } ?? "unreadable YAML"
        let context = parser.context.map { String(cString: $0) + ": " } ?? ""
        return Failure(problem: context + problem, line: Int(parser.problem_mark.line) + 1)
    }

    private static func node(
        _ node: UnsafeMutablePointer<yaml_node_t>, in document: inout yaml_document_t, depth: Int
    ) throws(Failure) -> StructuredNode {
        let line = Int(node.pointee.start_mark.line) + 1
        guard depth < Self.maximumDepth else {
            throw Failure(problem: "nested more than \(Self.maximumDepth) levels deep", line: line)
        }
        let value: StructuredNode.Value
        switch node.pointee.type {
        case YAML_SCALAR_NODE:
            value = Self.scalar(node.pointee)
        case YAML_SEQUENCE_NODE:
            var items: [StructuredNode] = []
            var item = node.pointee.data.sequence.items.start
            while let current = item, current != node.pointee.data.sequence.items.top {
                items.append(try Self.child(current.pointee, in: &document, depth: depth))
                item = current + 1
            }
            value = .sequence(items)
        case YAML_MAPPING_NODE:
            var members: [(key: String, value: StructuredNode)] = []
            var pair = node.pointee.data.mapping.pairs.start
            while let current = pair, current != node.pointee.data.mapping.pairs.top {
                let key = try Self.child(current.pointee.key, in: &document, depth: depth)
                let name = key.scalarText ?? "\(key.value)"
                if members.contains(where: { $0.key == name }) {
                    throw Failure(problem: "duplicate keys \(name)", line: key.line)
                }
                members.append((name, try Self.child(current.pointee.value, in: &document, depth: depth)))
                pair = current + 1
            }
            value = .mapping(members)
        default:
            value = .null
        }
        var result = StructuredNode(value)
        result.line = line
        return result
    }

    private static func child(
        _ index: Int32, in document: inout yaml_document_t, depth: Int
    ) throws(Failure) -> StructuredNode {
        guard let child = yaml_document_get_node(&document, index) else { return StructuredNode(.null) }
        return try Self.node(child, in: &document, depth: depth + 1)
    }

    /// A scalar's value. libyaml tags every untagged scalar `!!str`; YAML 1.1 resolves the
    /// plain (unquoted) ones by their text, as the reference's YAML reader did.
    private static func scalar(_ node: yaml_node_t) -> StructuredNode.Value {
        let bytes = UnsafeBufferPointer(start: node.data.scalar.value, count: node.data.scalar.length)
        let text = String(decoding: bytes, as: UTF8.self)
        let tag = node.tag.map { String(cString: $0) } ?? YAML_STR_TAG
        switch tag {
        case YAML_NULL_TAG: return .null
        case YAML_BOOL_TAG: return Self.boolean(text).map { .bool($0) } ?? .string(text)
        case YAML_INT_TAG, YAML_FLOAT_TAG: return .number(text)
        case YAML_STR_TAG where node.data.scalar.style == YAML_PLAIN_SCALAR_STYLE: break
        default: return .string(text)
        }
        if ["", "~", "null", "Null", "NULL"].contains(text) { return .null }
        if let flag = Self.boolean(text) { return .bool(flag) }
        if Self.isNumber(text) { return .number(text) }
        return .string(text)
    }

    private static func boolean(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": false
        default: nil
        }
    }

    /// YAML 1.1's decimal integers and floats (`8090`, `-1.5`, `1e3`, `.5`), the forms a
    /// configuration uses; other spellings (hex, sexagesimal) stay text.
    private static func isNumber(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        guard let first = digits.first, first.isASCII, first.isNumber || first == "." else { return false }
        return Double(digits) != nil && digits.allSatisfy { $0.isASCII && ($0.isNumber || ".eE+-".contains($0)) }
    }
}
