/// What the store's queries see of a database connection, the same on both engines
/// (`SQLiteEngine`, `PostgresEngine`): statements with `?` parameters (`?1`…`?N` to repeat
/// one), rows read by position, values of five storage classes.
///
/// A connection belongs to one read or write closure at a time and never leaves it; the
/// engine hands it out on the thread that runs the closure.
///
/// The SQL the store writes is the common dialect of SQLite 3.40 and PostgreSQL 15:
/// identifiers that are keywords in either are quoted (`"user"`), `IS DISTINCT FROM`
/// rather than SQLite's `IS NOT` on values, `INSERT … RETURNING id` rather than a last-row
/// id, `COALESCE(SUM(…), 0)` rather than `TOTAL`. What differs (the schema, the version
/// record, planner hints) asks `dialect`.
protocol SQLConnection: AnyObject {
    var dialect: SQLDialect { get }

    /// Runs a statement that returns no rows.
    func execute(sql: String, arguments: SQLArguments) throws

    /// Every row `sql` returns, in its order.
    func fetchAll(sql: String, arguments: SQLArguments) throws -> [SQLRow]

    /// How many rows the last `execute` inserted, updated or deleted.
    var changesCount: Int { get }

    /// Whether a transaction is open: false after a failure that rolled it all back.
    var isInsideTransaction: Bool { get }

    /// Runs `body` in a savepoint: its changes stay if it returns and are rolled back if it
    /// throws, leaving the enclosing transaction usable either way (PostgreSQL refuses every
    /// later statement of a transaction in which one failed outside a savepoint).
    func inSavepoint<T>(_ body: () throws -> T) throws -> T
}

extension SQLConnection {
    func execute(sql: String) throws {
        try self.execute(sql: sql, arguments: [])
    }

    /// The first row `sql` returns, or nil.
    func fetchOne(sql: String, arguments: SQLArguments = []) throws -> SQLRow? {
        try self.fetchAll(sql: sql, arguments: arguments).first
    }

    /// Runs an `INSERT … RETURNING id` and returns the new row's id.
    func insertReturningID(sql: String, arguments: SQLArguments) throws -> Int64 {
        guard let row = try self.fetchOne(sql: sql, arguments: arguments) else {
            throw StoreError(code: .unknown, message: "an insert returned no id: \(sql.prefix(60))")
        }
        return try row.decode(atIndex: 0)
    }
}

/// Which engine a statement runs on, for the few places where the SQL differs.
enum SQLDialect: Sendable {
    case sqlite
    case postgresql

    /// A subquery over the elements of the JSON array bound to its one `?`: a filter's list
    /// travels as one parameter, so lists of any length fit in one prepared statement.
    func jsonArrayElements(integers: Bool) -> String {
        switch self {
        case .sqlite: "SELECT value FROM json_each(?)"
        case .postgresql:
            integers
                ? "SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(? AS JSON))"
                : "SELECT value FROM json_array_elements_text(CAST(? AS JSON))"
        }
    }

    /// A FROM clause over the JSON array of integer pairs bound to its one `?`, as rows
    /// `pair(first, second)`.
    var jsonPairs: String {
        switch self {
        case .sqlite:
            "SELECT 1 FROM (SELECT json_extract(value, '$[0]') AS first, json_extract(value, '$[1]') AS second "
                + "FROM json_each(?)) AS pair"
        case .postgresql:
            "SELECT 1 FROM (SELECT CAST(value->>0 AS BIGINT) AS first, CAST(value->>1 AS BIGINT) AS second "
                + "FROM json_array_elements(CAST(? AS JSON))) AS pair"
        }
    }
}

/// One value bound to or read from a statement.
enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// A statement's parameters, in `?` order. Written as an array literal of optional values:
/// `[name, uid, nil]`.
struct SQLArguments: Sendable, ExpressibleByArrayLiteral {
    var values: [SQLValue]

    init(_ values: [SQLValue]) {
        self.values = values
    }

    init(arrayLiteral elements: (any SQLBindable)?...) {
        self.values = elements.map { $0?.sqlValue ?? .null }
    }

    static func += (lhs: inout SQLArguments, rhs: SQLArguments) {
        lhs.values += rhs.values
    }

    static func + (lhs: SQLArguments, rhs: SQLArguments) -> SQLArguments {
        SQLArguments(lhs.values + rhs.values)
    }
}

/// A Swift value that can be a statement parameter.
protocol SQLBindable: Sendable {
    var sqlValue: SQLValue { get }
}

extension Int: SQLBindable {
    var sqlValue: SQLValue { .integer(Int64(self)) }
}

extension Int64: SQLBindable {
    var sqlValue: SQLValue { .integer(self) }
}

extension Double: SQLBindable {
    var sqlValue: SQLValue { .real(self) }
}

extension String: SQLBindable {
    var sqlValue: SQLValue { .text(self) }
}

extension Bool: SQLBindable {
    /// Booleans are stored as 0 and 1 on both engines.
    var sqlValue: SQLValue { .integer(self ? 1 : 0) }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// One result row; columns are read by position, in the order the query selects them.
struct SQLRow: Sendable {
    let values: [SQLValue]

    /// The value of column `index` as `T`.
    ///
    /// - Throws: `StoreError` `.corrupt` for a NULL where `T` is not optional or a value of
    ///   another kind (a file edited by hand), rather than crashing on it.
    func decode<T: SQLDecodable>(atIndex index: Int) throws -> T {
        guard self.values.indices.contains(index) else {
            throw StoreError(code: .corrupt, message: "a row has no column \(index) (it has \(self.values.count))")
        }
        return try T.decode(self.values[index], column: index)
    }
}

/// A Swift value a column can be read as.
protocol SQLDecodable {
    static func decode(_ value: SQLValue, column: Int) throws -> Self
}

extension SQLDecodable {
    /// The first column of every row `sql` returns.
    static func fetchAll(_ db: any SQLConnection, sql: String, arguments: SQLArguments = []) throws -> [Self] {
        try db.fetchAll(sql: sql, arguments: arguments).map { try $0.decode(atIndex: 0) }
    }

    /// The first column of the first row, or nil when there is no row.
    static func fetchOne(_ db: any SQLConnection, sql: String, arguments: SQLArguments = []) throws -> Self? {
        try db.fetchOne(sql: sql, arguments: arguments).map { try $0.decode(atIndex: 0) }
    }

    static func mismatch(_ value: SQLValue, column: Int) -> StoreError {
        StoreError(code: .corrupt, message: "column \(column) holds \(value), not \(Self.self)")
    }
}

extension Int64: SQLDecodable {
    static func decode(_ value: SQLValue, column: Int) throws -> Int64 {
        switch value {
        case .integer(let integer): return integer
        // SQLite may hand back a whole REAL for an INTEGER expression (SUM over reals).
        case .real(let real) where real.rounded() == real && abs(real) < 9.2e18: return Int64(real)
        default: throw Self.mismatch(value, column: column)
        }
    }
}

extension Int: SQLDecodable {
    static func decode(_ value: SQLValue, column: Int) throws -> Int {
        Int(try Int64.decode(value, column: column))
    }
}

extension Double: SQLDecodable {
    static func decode(_ value: SQLValue, column: Int) throws -> Double {
        switch value {
        case .real(let real): return real
        case .integer(let integer): return Double(integer)
        default: throw Self.mismatch(value, column: column)
        }
    }
}

extension String: SQLDecodable {
    static func decode(_ value: SQLValue, column: Int) throws -> String {
        guard case .text(let text) = value else { throw Self.mismatch(value, column: column) }
        return text
    }
}

extension Bool: SQLDecodable {
    static func decode(_ value: SQLValue, column: Int) throws -> Bool {
        try Int64.decode(value, column: column) != 0
    }
}

extension Optional: SQLDecodable where Wrapped: SQLDecodable {
    static func decode(_ value: SQLValue, column: Int) throws -> Wrapped? {
        if case .null = value { return nil }
        return try Wrapped.decode(value, column: column)
    }
}

extension SQLRow {
    static func fetchAll(_ db: any SQLConnection, sql: String, arguments: SQLArguments = []) throws -> [SQLRow] {
        try db.fetchAll(sql: sql, arguments: arguments)
    }

    static func fetchOne(_ db: any SQLConnection, sql: String, arguments: SQLArguments = []) throws -> SQLRow? {
        try db.fetchOne(sql: sql, arguments: arguments)
    }
}
