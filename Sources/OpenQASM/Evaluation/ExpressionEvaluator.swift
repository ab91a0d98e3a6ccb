#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Evaluates classical expressions at compile time: gate angles, register sizes,
/// indices, loop bounds and declaration initializers.
///
/// Integer arithmetic that overflows 64 bits goes on in floating point, as Qiskit
/// evaluates parameters (it never traps); where an integer is required, such a value is
/// then refused as too large.
/// `/` divides exactly: two integers give an integer only when the division has no
/// remainder, so `3/4*pi` means 0.75π as it does in Qiskit, while `i/2` stays usable as
/// an index for even `i`.
enum ExpressionEvaluator {
    /// What a name means to a constant expression.
    enum Binding {
        case value(Value)
        /// A name that exists but has no compile-time value; the string says what it is
        /// ("a classical register").
        case other(String)
        case undeclared
    }

    struct Failure: Error {
        var message: Message
        var position: SourcePosition
    }

    static func evaluate(_ expression: Expression, lookup: (String) -> Binding) throws(Failure) -> Value {
        try expression.fold { (node: Expression.Node) throws(Failure) in
            if case .call(let function, _) = node.operation, Self.unsupportedFunctions.contains(function.name) {
                throw Failure(message: .unsupportedFeature(function.name), position: function.position)
            }
        } _: { (node: Expression.Node, operands: ArraySlice<Value>) throws(Failure) -> Value in
            try Self.value(of: node, operands: operands, lookup: lookup)
        }
    }

    /// The value of one node, given the values of its operands.
    private static func value(
        of node: Expression.Node,
        operands: ArraySlice<Value>,
        lookup: (String) -> Binding
    ) throws(Failure) -> Value {
        let position = node.position
        switch node.operation {
        case .integer(let value):
            return .int(value)
        case .real(let value):
            guard value.isFinite else { throw Failure(message: .nonFinite("this literal"), position: position) }
            return .float(value)
        case .boolean(let value):
            return .bool(value)
        case .identifier(let name):
            if let constant = Self.builtinConstant(name) {
                return .float(constant)
            }
            switch lookup(name) {
            case .value(let value): return value
            case .other(let what): throw Failure(message: .notConstant(name, actual: what), position: position)
            case .undeclared: throw Failure(message: .undeclared(name), position: position)
            }
        case .indexed(let name, _):
            switch lookup(name.name) {
            case .value(let value):
                throw Failure(message: .notIndexable(name.name, actual: value.withArticle), position: position)
            case .other(let what):
                throw Failure(message: .notConstant(name.name, actual: what), position: position)
            case .undeclared:
                throw Failure(message: .undeclared(name.name), position: position)
            }
        case .unary(let operation, _):
            return try Self.apply(operation, operands[operands.startIndex], at: position)
        case .binary(let operation, _, _):
            return try Self.apply(
                operation, operands[operands.startIndex], operands[operands.startIndex + 1], at: position)
        case .cast(let type, _, _):
            // Values are held at full width, so the width changes nothing here.
            guard let converted = operands[operands.startIndex].converted(to: type) else {
                throw Failure(message: .nonFinite("the argument of '\(type.rawValue)'"), position: position)
            }
            return converted
        case .call(let function, _):
            return try Self.call(function, Array(operands))
        }
    }

    /// `pi`, `tau` and `euler`, with their Unicode spellings.
    static func builtinConstant(_ name: String) -> Double? {
        switch name {
        case "pi", "π": Double.pi
        case "tau", "τ": 2 * Double.pi
        case "euler", "ℇ": M_E
        default: nil
        }
    }

    // MARK: Operators

    private static func apply(_ operation: UnaryOperator, _ operand: Value, at position: SourcePosition) throws(Failure)
        -> Value
    {
        switch (operation, operand) {
        case (.plus, .int), (.plus, .float):
            return operand
        case (.negate, .int(let value)):
            return value == .min ? .float(-Double(value)) : .int(-value)
        case (.negate, .float(let value)):
            return .float(-value)
        case (.not, .bool(let value)):
            return .bool(!value)
        case (.bitwiseNot, .int(let value)):
            return .int(~value)
        default:
            throw Failure(message: .invalidOperands(operation.rawValue, operand.withArticle), position: position)
        }
    }

    private static func apply(
        _ operation: BinaryOperator,
        _ left: Value,
        _ right: Value,
        at position: SourcePosition
    ) throws(Failure) -> Value {
        // Built only on failure: formatting the message costs more than the arithmetic.
        var invalid: Failure {
            Failure(
                message: .invalidOperands(operation.rawValue, "\(left.withArticle) and \(right.withArticle)"),
                position: position
            )
        }
        switch operation {
        case .add, .subtract, .multiply, .divide, .remainder, .power:
            return try Self.arithmetic(operation, left, right, at: position, invalid: invalid)
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            return .bool(try Self.compare(operation, left, right, invalid: invalid))
        case .and, .or:
            guard case .bool(let l) = left, case .bool(let r) = right else { throw invalid }
            return .bool(operation == .and ? l && r : l || r)
        case .bitwiseAnd, .bitwiseOr, .bitwiseXor, .shiftLeft, .shiftRight:
            guard case .int(let l) = left, case .int(let r) = right else { throw invalid }
            switch operation {
            case .bitwiseAnd: return .int(l & r)
            case .bitwiseOr: return .int(l | r)
            case .bitwiseXor: return .int(l ^ r)
            case .shiftLeft: return .int(l << r)
            default: return .int(l >> r)
            }
        }
    }

    private static func arithmetic(
        _ operation: BinaryOperator,
        _ left: Value,
        _ right: Value,
        at position: SourcePosition,
        invalid: @autoclosure () -> Failure
    ) throws(Failure) -> Value {
        switch (left, right) {
        case (.bool, _), (_, .bool):
            throw invalid()
        case (.int(let l), .int(let r)):
            return try Self.integerArithmetic(operation, l, r, at: position)
        default:
            return try Self.realArithmetic(operation, left.real, right.real, at: position)
        }
    }

    private static func realArithmetic(
        _ operation: BinaryOperator, _ l: Double, _ r: Double, at position: SourcePosition
    )
        throws(Failure) -> Value
    {
        let result: Double
        switch operation {
        case .add: result = l + r
        case .subtract: result = l - r
        case .multiply: result = l * r
        case .divide, .remainder:
            guard r != 0 else { throw Failure(message: .divisionByZero, position: position) }
            result = operation == .divide ? l / r : l.truncatingRemainder(dividingBy: r)
        default: result = pow(l, r)
        }
        return try Self.finite(result, "the result of '\(operation.rawValue)'", at: position)
    }

    private static func integerArithmetic(_ operation: BinaryOperator, _ l: Int, _ r: Int, at position: SourcePosition)
        throws(Failure) -> Value
    {
        let result: (partialValue: Int, overflow: Bool)
        switch operation {
        case .add: result = l.addingReportingOverflow(r)
        case .subtract: result = l.subtractingReportingOverflow(r)
        case .multiply: result = l.multipliedReportingOverflow(by: r)
        case .divide, .remainder:
            guard r != 0 else { throw Failure(message: .divisionByZero, position: position) }
            let remainder = l.remainderReportingOverflow(dividingBy: r)
            if operation == .remainder {
                result = remainder
            } else if remainder.partialValue == 0 {
                result = l.dividedReportingOverflow(by: r)
            } else {
                return .float(Double(l) / Double(r))
            }
        default:
            guard r >= 0 else {
                return try Self.finite(pow(Double(l), Double(r)), "the result of '**'", at: position)
            }
            guard let power = Self.integerPower(l, r) else {
                return try Self.realArithmetic(operation, Double(l), Double(r), at: position)
            }
            return .int(power)
        }
        guard result.overflow else { return .int(result.partialValue) }
        return try Self.realArithmetic(operation, Double(l), Double(r), at: position)
    }

    /// `base ** exponent` for a non-negative exponent; nil when it overflows.
    private static func integerPower(_ base: Int, _ exponent: Int) -> Int? {
        var result = 1
        var base = base
        var exponent = exponent
        while exponent > 0 {
            if exponent & 1 == 1 {
                let product = result.multipliedReportingOverflow(by: base)
                guard !product.overflow else { return nil }
                result = product.partialValue
            }
            exponent >>= 1
            if exponent > 0 {
                let square = base.multipliedReportingOverflow(by: base)
                guard !square.overflow else { return nil }
                base = square.partialValue
            }
        }
        return result
    }

    private static func compare(
        _ operation: BinaryOperator,
        _ left: Value,
        _ right: Value,
        invalid: @autoclosure () -> Failure
    ) throws(Failure) -> Bool {
        switch (left, right) {
        case (.bool(let l), .bool(let r)):
            switch operation {
            case .equal: return l == r
            case .notEqual: return l != r
            default: throw invalid()
            }
        case (.int(let l), .int(let r)):
            return Self.compare(operation, l, r)
        case (.bool, _), (_, .bool):
            throw invalid()
        default:
            return Self.compare(operation, left.real, right.real)
        }
    }

    private static func compare<T: Comparable>(_ operation: BinaryOperator, _ l: T, _ r: T) -> Bool {
        switch operation {
        case .equal: l == r
        case .notEqual: l != r
        case .less: l < r
        case .lessOrEqual: l <= r
        case .greater: l > r
        default: l >= r
        }
    }

    // MARK: Functions

    private static func call(_ function: Identifier, _ arguments: [Value]) throws(Failure) -> Value {
        let name = function.name
        let position = function.position
        if let unary = Self.unaryFunction(name) {
            try Self.checkArgumentCount(function, arguments, 1)
            guard case .bool = arguments[0] else {
                return try Self.finite(unary(arguments[0].real), "the result of '\(name)'", at: position)
            }
            throw Failure(message: .invalidOperands(name, arguments[0].withArticle), position: position)
        }
        switch name {
        case "mod":
            try Self.checkArgumentCount(function, arguments, 2)
            return try Self.apply(.remainder, arguments[0], arguments[1], at: position)
        case "pow":
            try Self.checkArgumentCount(function, arguments, 2)
            return try Self.apply(.power, arguments[0], arguments[1], at: position)
        default:
            throw Failure(message: .unknownFunction(name), position: position)
        }
    }

    /// Built-in functions of OpenQASM 3 over types this evaluator does not hold (bit
    /// strings, complex numbers, durations, arrays).
    private static let unsupportedFunctions: Set<String> = [
        "popcount", "rotl", "rotr", "real", "imag", "sizeof", "durationof",
    ]

    private static func unaryFunction(_ name: String) -> ((Double) -> Double)? {
        switch name {
        case "sin": sin
        case "cos": cos
        case "tan": tan
        case "asin", "arcsin": asin
        case "acos", "arccos": acos
        case "atan", "arctan": atan
        case "exp": exp
        case "ln", "log": log
        case "sqrt": sqrt
        case "floor": { $0.rounded(.down) }
        case "ceiling", "ceil": { $0.rounded(.up) }
        default: nil
        }
    }

    private static func checkArgumentCount(_ function: Identifier, _ arguments: [Value], _ expected: Int)
        throws(Failure)
    {
        guard arguments.count == expected else {
            throw Failure(
                message: .wrongFunctionArgumentCount(function.name, expected: expected, found: arguments.count),
                position: function.position
            )
        }
    }

    private static func finite(_ value: Double, _ what: String, at position: SourcePosition) throws(Failure) -> Value {
        guard value.isFinite else { throw Failure(message: .nonFinite(what), position: position) }
        return .float(value)
    }
}
