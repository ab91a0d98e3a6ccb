/// Any member name, for decoding and encoding objects whose keys are not known statically.
private struct MemberKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) { self.stringValue = stringValue }

    init?(intValue: Int) { nil }
}

extension StructuredNode: Decodable {
    /// Reads any JSON value; tried in turn because a decoder cannot be asked what it holds.
    init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: MemberKey.self) {
            let keys = object.allKeys.sorted { $0.stringValue < $1.stringValue }
            self.init(.mapping(try keys.map { ($0.stringValue, try object.decode(StructuredNode.self, forKey: $0)) }))
        } else if var array = try? decoder.unkeyedContainer() {
            var items: [StructuredNode] = []
            while !array.isAtEnd { items.append(try array.decode(StructuredNode.self)) }
            self.init(.sequence(items))
        } else {
            let scalar = try decoder.singleValueContainer()
            if scalar.decodeNil() {
                self.init(.null)
            } else if let flag = try? scalar.decode(Bool.self) {
                self.init(.bool(flag))
            } else if let integer = try? scalar.decode(Int.self) {
                self.init(.number(String(integer)))
            } else if let real = try? scalar.decode(Double.self) {
                self.init(.number(String(real)))
            } else {
                self.init(.string(try scalar.decode(String.self)))
            }
        }
    }
}

extension StructuredNode: Encodable {
    /// Writes the value back as JSON, for keys whose value is JSON text (`OAuth2Providers`)
    /// but that a JSON or YAML file may give as a nested structure.
    func encode(to encoder: any Encoder) throws {
        switch self.value {
        case .null:
            var scalar = encoder.singleValueContainer()
            try scalar.encodeNil()
        case .string(let text):
            var scalar = encoder.singleValueContainer()
            try scalar.encode(text)
        case .number(let text):
            var scalar = encoder.singleValueContainer()
            if let integer = Int(text) {
                try scalar.encode(integer)
            } else if let real = Double(text) {
                try scalar.encode(real)
            } else {
                try scalar.encode(text)
            }
        case .bool(let flag):
            var scalar = encoder.singleValueContainer()
            try scalar.encode(flag)
        case .sequence(let items):
            var array = encoder.unkeyedContainer()
            for item in items { try array.encode(item) }
        case .mapping(let members):
            var object = encoder.container(keyedBy: MemberKey.self)
            for member in members { try object.encode(member.value, forKey: MemberKey(stringValue: member.key)) }
        }
    }
}
