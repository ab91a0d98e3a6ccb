/// A classical value known at compile time.
enum Value: Sendable, Equatable {
    case int(Int)
    case float(Double)
    case bool(Bool)

    /// The value as an angle or other real number.
    var real: Double {
        switch self {
        case .int(let value): Double(value)
        case .float(let value): value
        case .bool(let value): value ? 1 : 0
        }
    }

    /// How the value reads in a diagnostic: `integer 3`, `float 0.5`, `boolean true`.
    var description: String {
        switch self {
        case .int(let value): "integer \(value)"
        case .float(let value): "float \(value)"
        case .bool(let value): "boolean \(value)"
        }
    }

    /// The description with its article: "an integer 3", "a float 0.5".
    var withArticle: String {
        if case .int = self {
            return "an \(self.description)"
        }
        return "a \(self.description)"
    }

    /// The zero value of `type`, for declarations without an initializer.
    static func zero(of type: ScalarType) -> Value {
        switch type {
        case .int, .uint: .int(0)
        case .float, .angle: .float(0)
        case .bool: .bool(false)
        }
    }

    /// The value converted as an OpenQASM 3 cast to `type` would; nil when a float does
    /// not fit in an integer.
    func converted(to type: ScalarType) -> Value? {
        switch (type, self) {
        case (.bool, .bool): self
        case (.bool, _): .bool(self.real != 0)
        case (.int, .float(let value)), (.uint, .float(let value)):
            Int(exactly: value.rounded(.towardZero)).map(Value.int)
        case (.int, .bool(let value)), (.uint, .bool(let value)): .int(value ? 1 : 0)
        case (.int, .int), (.uint, .int): self
        case (.float, _), (.angle, _): .float(self.real)
        }
    }
}
