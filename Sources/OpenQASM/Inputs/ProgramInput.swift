/// An OpenQASM 3 `input` declaration of a job script: a value each run supplies, such as
/// the angle of one point of a parameter sweep.
public struct ProgramInput: Sendable, Hashable {
    public var name: String
    public var type: InputType
    /// Where the declaration names the input, as diagnostics give it.
    public var location: SourceLocation

    public init(name: String, type: InputType, location: SourceLocation) {
        self.name = name
        self.type = type
        self.location = location
    }
}

/// The types an input may have: the classical scalars, with their widths as declared
/// (nil when the declaration gives none).
public enum InputType: Sendable, Hashable, CustomStringConvertible {
    case int(width: Int?)
    case uint(width: Int?)
    case float(width: Int?)
    case angle(width: Int?)
    case bool

    /// The type as OpenQASM writes it: `int[8]`, `float[64]`, `uint`, `bool`.
    public var description: String {
        switch self {
        case .int(let width): Self.spelled("int", width)
        case .uint(let width): Self.spelled("uint", width)
        case .float(let width): Self.spelled("float", width)
        case .angle(let width): Self.spelled("angle", width)
        case .bool: "bool"
        }
    }

    private static func spelled(_ name: String, _ width: Int?) -> String {
        width.map { "\(name)[\($0)]" } ?? name
    }
}
