/// A classical expression as written: angles, sizes, indices, conditions.
///
/// The nodes of a whole tree sit in one array, each operand before the operator that
/// uses it, and point at their operands by index; an `Expression` is that array and the
/// node at its root. Nothing here recurses on the height of the tree: generated programs
/// nest thousands of levels deep, and the parser runs on the cooperative pool, whose
/// threads have 512 KiB stacks on macOS. A tree of boxed nodes would overflow even when
/// freed, since releasing a box releases its operands in a nested call.
struct Expression: Sendable {
    /// `nodes[rootIndex]`, kept apart too so that a lone literal or name, which most
    /// expressions are (every index), needs no array.
    private let root: Node
    private let nodes: [Node]
    private let rootIndex: Int

    /// A lone literal or name.
    init(_ node: Node) {
        self.root = node
        self.nodes = []
        self.rootIndex = 0
    }

    /// The tree whose root is `nodes[root]`.
    init(nodes: [Node], root: Int) {
        self.root = nodes[root]
        self.nodes = nodes
        self.rootIndex = root
    }

    /// Where the expression starts; for an operator, where the operator is.
    var position: SourcePosition { self.root.position }

    /// The root, with its operands as indices for `operand(_:)`: cheaper than `kind`
    /// where the operands are not needed.
    var operation: Node.Operation { self.root.operation }

    /// The root and its operands, to match on.
    var kind: Kind {
        switch self.root.operation {
        case .integer(let value): .integer(value)
        case .real(let value): .real(value)
        case .boolean(let value): .boolean(value)
        case .identifier(let name): .identifier(name)
        case .indexed(let name, let index): .indexed(name, self.operand(index))
        case .unary(let operation, let operand): .unary(operation, self.operand(operand))
        case .binary(let operation, let left, let right):
            .binary(operation, self.operand(left), self.operand(right))
        case .call(let function, let arguments): .call(function, arguments.map(self.operand))
        case .cast(let type, let width, let operand): .cast(type, width: width.map(self.operand), self.operand(operand))
        }
    }

    /// The operand that a node of this expression names by `index`.
    func operand(_ index: Int) -> Expression {
        Expression(nodes: self.nodes, root: index)
    }

    enum Kind {
        case integer(Int)
        case real(Double)
        case boolean(Bool)
        case identifier(String)
        /// `name[index]`, which in a condition names one bit of a classical register.
        case indexed(Identifier, Expression)
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        /// A built-in function such as `sin(x)`.
        case call(Identifier, [Expression])
        /// `int[4](c)`, `float(x)`, `bool(b)`: a value converted to a scalar type, with the
        /// width written in brackets, if any.
        case cast(ScalarType, width: Expression?, Expression)
    }

    /// One node of the array; operands are indices of earlier nodes.
    struct Node: Sendable {
        var operation: Operation
        var position: SourcePosition

        enum Operation: Sendable {
            case integer(Int)
            case real(Double)
            case boolean(Bool)
            case identifier(String)
            case indexed(Identifier, Int)
            case unary(UnaryOperator, Int)
            case binary(BinaryOperator, Int, Int)
            case call(Identifier, [Int])
            case cast(ScalarType, width: Int?, Int)
        }
    }

    /// Combines the values of the operands of every node into the node's value, operands
    /// first and left to right, as a recursive walk would, but with explicit stacks.
    ///
    /// The index of `name[index]` is never visited: no pass over expressions looks into
    /// it. The width of a cast is visited only with `visitingWidths`. The closures get
    /// nodes rather than expressions, which would cost a copy of the array's reference
    /// each; `operand(_:)` turns an operand's index into an expression.
    /// - Parameters:
    ///   - entering: Called on a node before its operands, to refuse it early.
    ///   - combine: The node and the results for its visited operands, in order.
    func fold<Result, Failure: Error>(
        visitingWidths: Bool = false,
        entering: ((Node) throws(Failure) -> Void)? = nil,
        _ combine: (Node, ArraySlice<Result>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        if self.nodes.isEmpty {
            try entering?(self.root)
            return try combine(self.root, [])
        }
        // A node waits on the stack with the number of its operands' results, once they
        // are pushed; nil while its operands are still to be pushed.
        var pending: [(node: Int, operandCount: Int?)] = [(self.rootIndex, nil)]
        var results: [Result] = []
        while let (index, operandCount) = pending.popLast() {
            if let operandCount {
                let result = try combine(self.nodes[index], results[(results.count - operandCount)...])
                results.removeLast(operandCount)
                results.append(result)
                continue
            }
            if let entering {
                try entering(self.nodes[index])
            }
            let waiting = pending.count
            pending.append((index, 0))
            switch self.nodes[index].operation {
            case .integer, .real, .boolean, .identifier, .indexed:
                break
            case .unary(_, let operand):
                pending.append((operand, nil))
            case .binary(_, let left, let right):
                pending.append((right, nil))
                pending.append((left, nil))
            case .call(_, let arguments):
                pending.append(contentsOf: arguments.reversed().lazy.map { ($0, nil) })
            case .cast(_, let width, let operand):
                pending.append((operand, nil))
                if visitingWidths, let width {
                    pending.append((width, nil))
                }
            }
            pending[waiting].operandCount = pending.count - waiting - 1
        }
        return results[0]
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
