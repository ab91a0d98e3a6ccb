/// Why the text given for an input is no value of the input's type.
enum InputValueProblem: Error, Equatable {
    case notAnInteger
    case outOfRange(ClosedRange<Int>)
    case notANumber
    case notFinite
    case notABoolean
}

extension InputType {
    /// The OpenQASM literal that binding writes for `text`, a value as a user typed it
    /// (`0.5`, `-3`, `1e-3`, `true`).
    ///
    /// Negative numbers are parenthesized, so that a literal standing next to an operator
    /// keeps its value: `theta ** 2` becomes `(-0.5) ** 2`, not `-0.5 ** 2`.
    func literal(for text: String) throws(InputValueProblem) -> String {
        switch self {
        case .int(let width):
            return Self.integerLiteral(try Self.integer(text, in: Self.signedRange(width: width)))
        case .uint(let width):
            return Self.integerLiteral(try Self.integer(text, in: Self.unsignedRange(width: width)))
        case .float, .angle:
            guard let value = Double(text) else { throw .notANumber }
            guard value.isFinite else { throw .notFinite }
            // `description` is the shortest text that reads back as the same double, and
            // its exponent form (`1e-05`) is an OpenQASM real literal too.
            return value.sign == .minus ? "(\(value))" : "\(value)"
        case .bool:
            switch text {
            case "true", "1": return "true"
            case "false", "0": return "false"
            default: throw .notABoolean
            }
        }
    }

    private static func integer(_ text: String, in range: ClosedRange<Int>) throws(InputValueProblem) -> Int {
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }) else { throw .notAnInteger }
        // Digits that overflow 64 bits are an integer out of range, not a malformed one.
        guard let value = Int(text), range.contains(value) else { throw .outOfRange(range) }
        return value
    }

    private static func integerLiteral(_ value: Int) -> String {
        switch value {
        case .min:
            // The literal 9223372036854775808 is one past `Int.max`, which the parser
            // reads as a float, so the smallest integer is written as a difference.
            "(\(value + 1) - 1)"
        case ..<0:
            "(\(value))"
        default:
            "\(value)"
        }
    }

    // Integer values are held as 64-bit signed integers, which bounds the types
    // without a width, and `uint[64]`, to what that holds.

    private static func signedRange(width: Int?) -> ClosedRange<Int> {
        guard let width, width < Int.bitWidth else { return Int.min...Int.max }
        let half = 1 << (width - 1)
        return -half...(half - 1)
    }

    private static func unsignedRange(width: Int?) -> ClosedRange<Int> {
        guard let width, width < Int.bitWidth - 1 else { return 0...Int.max }
        return 0...((1 << width) - 1)
    }
}
