/// A classical expression as written: angles, sizes, indices, conditions.
struct Expression: Sendable {
    var kind: Kind
    /// Where the expression starts; for an operator, where the operator is.
    var position: SourcePosition
    /// Height of the tree; the parser bounds it so that evaluating never overflows the stack.
    private(set) var depth: Int

    init(_ kind: Kind, at position: SourcePosition) {
        self.kind = kind
        self.position = position
        switch kind {
        case .integer, .real, .boolean, .identifier:
            self.depth = 1
        case .indexed(_, let operand), .unary(_, let operand):
            self.depth = operand.depth + 1
        case .binary(_, let left, let right):
            self.depth = max(left.depth, right.depth) + 1
        case .call(_, let arguments):
            self.depth = (arguments.map(\.depth).max() ?? 0) + 1
        case .cast(_, let width, let operand):
            self.depth = max(width?.depth ?? 0, operand.depth) + 1
        }
    }

    /// Only the recursive cases are boxed, so literals and names cost no allocation.
    enum Kind: Sendable {
        case integer(Int)
        case real(Double)
        case boolean(Bool)
        case identifier(String)
        /// `name[index]`, which in a condition names one bit of a classical register.
        indirect case indexed(Identifier, Expression)
        indirect case unary(UnaryOperator, Expression)
        indirect case binary(BinaryOperator, Expression, Expression)
        /// A built-in function such as `sin(x)`.
        indirect case call(Identifier, [Expression])
        /// `int[4](c)`, `float(x)`, `bool(b)`: a value converted to a scalar type, with the
        /// width written in brackets, if any.
        indirect case cast(ScalarType, width: Expression?, Expression)
    }
}

enum UnaryOperator: String, Sendable {
    case negate = "-"
    case plus = "+"
    case not = "!"
    case bitwiseNot = "~"
}

enum BinaryOperator: String, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case remainder = "%"
    /// `**`, and `^` in OpenQASM 2.
    case power = "**"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case and = "&&"
    case or = "||"
    case bitwiseAnd = "&"
    case bitwiseOr = "|"
    /// `^` in OpenQASM 3.
    case bitwiseXor = "^"
    case shiftLeft = "<<"
    case shiftRight = ">>"
}
