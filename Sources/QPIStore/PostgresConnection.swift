internal import CLibPQ
internal import Foundation

/// Where a PostgreSQL store is (`StorageURL=postgresql://USER@HOST:PORT/DB`) and the
/// password to sign in with (`StoragePassFile`, else libpq's own `PGPASSWORD`).
public struct PostgresLocation: Sendable, CustomStringConvertible {
    /// The URL as configured; it never carries a password.
    public let url: String
    let password: String?

    /// Checks `url` without connecting.
    ///
    /// - Throws: `StoreError` `.invalidArgument` naming what is wrong: another scheme, a
    ///   password inside the URL (qpi.conf is readable by users; the password belongs in
    ///   `StoragePassFile`), or whatever libpq cannot parse (a port that is no number, an
    ///   unknown option).
    public init(url: String, password: String?) throws {
        guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") else {
            throw StoreError.invalidArgument("StorageURL '\(url)' is not a postgresql://USER@HOST:PORT/DB URL")
        }
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &error) else {
            let reason = error.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
            PQfreemem(error)
            throw StoreError.invalidArgument("StorageURL '\(url)' does not parse: \(reason ?? "out of memory")")
        }
        defer { PQconninfoFree(options) }
        var option = options
        while let keyword = option.pointee.keyword {
            let name = String(cString: keyword)
            let value = option.pointee.val.map { String(cString: $0) }
            if name == "password", value != nil {
                throw StoreError.invalidArgument(
                    "StorageURL carries a password, which qpi.conf must not hold: "
                        + "put it in a file of mode 0600 named by StoragePassFile")
            }
            // libpq checks ports only when it connects; a typo should stop the start at once.
            if name == "port", let value,
                !value.split(separator: ",", omittingEmptySubsequences: false).allSatisfy({ UInt16($0) != nil })
            {
                throw StoreError.invalidArgument("StorageURL '\(url)' has port '\(value)', which is not a port number")
            }
            option += 1
        }
        self.url = url
        self.password = password
    }

    public var description: String { self.url }

    /// The password in `path` (`StoragePassFile`): its first line.
    ///
    /// - Throws: `StoreError` `.invalidArgument` naming the file when it is missing, empty,
    ///   or readable or writable by others than its owner.
    public static func password(inFile path: String) throws -> String {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw StoreError.invalidArgument("StoragePassFile '\(path)': \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & 0o077 == 0 else {
            throw StoreError.invalidArgument(
                "StoragePassFile '\(path)' has mode \(String(status.st_mode & 0o777, radix: 8)), which lets others "
                    + "read or change the database password; chmod 600 it")
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw StoreError.invalidArgument("StoragePassFile '\(path)' cannot be read: \(error.localizedDescription)")
        }
        guard let line = text.split(whereSeparator: \.isNewline).first, !line.isEmpty else {
            throw StoreError.invalidArgument(
                "StoragePassFile '\(path)' is empty; it should hold the password on one line")
        }
        return String(line)
    }
}

/// A failure the PostgreSQL server or libpq reported, with its SQLSTATE when there is one
/// (`23505` a unique violation, `08006` a lost connection…).
struct PostgresError: Error, CustomStringConvertible {
    let sqlState: String?
    let message: String

    var description: String { self.message }
}

/// One libpq connection seen through `SQLConnection`.
///
/// Parameters travel as text with the type their Swift value has (int8, float8, text,
/// bytea; unspecified for NULL, which the server infers), so one SQL text serves both
/// engines. Statements are prepared once per connection and parameter types and reused.
/// A connection the server dropped is re-established before the next statement, so the
/// store recovers when the database comes back.
///
/// `@unchecked Sendable`: libpq connections must not be used by two threads at once, and
/// none is: a reader connection belongs to one `read` at a time (taken from the pool and
/// put back under its lock), the writer's only to the writer queue.
final class PostgresConnection: SQLWriteConnection, @unchecked Sendable {
    private let handle: OpaquePointer
    private let location: PostgresLocation
    private var prepared: [String: String] = [:]
    private var savepointDepth = 0
    private(set) var changesCount = 0
    /// Run at the start of every write transaction: the writer's lease check.
    var fence: ((PostgresConnection) throws -> Void)?

    var dialect: SQLDialect { .postgresql }

    init(_ location: PostgresLocation) throws {
        // Options before dbname are defaults the URL may override; the password comes after
        // it, so it wins over anything else.
        var keywords = ["connect_timeout", "application_name", "dbname"]
        var values = ["10", "qpictld", location.url]
        if let password = location.password {
            keywords.append("password")
            values.append(password)
        }
        let handle = Self.withCStrings(keywords) { keywords in
            Self.withCStrings(values) { values in PQconnectdbParams(keywords, values, 1) }
        }
        guard let handle else {
            throw StoreError(code: .io, message: "cannot connect to PostgreSQL at \(location): out of memory")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let reason = Self.message(PQerrorMessage(handle))
            PQfinish(handle)
            throw StoreError(code: .io, message: "cannot connect to PostgreSQL at \(location): \(reason)")
        }
        self.handle = handle
        self.location = location
    }

    deinit {
        PQfinish(self.handle)
    }

    var isInsideTransaction: Bool {
        let status = PQtransactionStatus(self.handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_ACTIVE
    }

    /// Whether the connection still reaches the server.
    var isConnected: Bool { PQstatus(self.handle) == CONNECTION_OK }

    func execute(sql: String, arguments: SQLArguments) throws {
        let result = try self.run(sql, arguments)
        defer { PQclear(result) }
        self.changesCount = Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    func fetchAll(sql: String, arguments: SQLArguments) throws -> [SQLRow] {
        let result = try self.run(sql, arguments)
        defer { PQclear(result) }
        let columns = PQnfields(result)
        let types = (0..<columns).map { PQftype(result, $0) }
        return (0..<PQntuples(result)).map { row in
            SQLRow(
                values: (0..<columns).map { column in
                    guard PQgetisnull(result, row, column) == 0 else { return .null }
                    return Self.value(String(cString: PQgetvalue(result, row, column)), type: types[Int(column)])
                })
        }
    }

    func inSavepoint<T>(_ body: () throws -> T) throws -> T {
        self.savepointDepth += 1
        defer { self.savepointDepth -= 1 }
        let name = "qpi_savepoint_\(self.savepointDepth)"
        try self.command("SAVEPOINT \(name)")
        let value: T
        do {
            value = try body()
        } catch {
            if PQtransactionStatus(self.handle) != PQTRANS_IDLE {
                try? self.command("ROLLBACK TO SAVEPOINT \(name)")
                try? self.command("RELEASE SAVEPOINT \(name)")
            }
            throw error
        }
        try self.command("RELEASE SAVEPOINT \(name)")
        return value
    }

    func inTransaction(_ body: () throws -> Void) throws {
        try self.command("BEGIN")
        do {
            try self.fence?(self)
            try body()
        } catch {
            try? self.command("ROLLBACK")
            throw error
        }
        // COMMIT of a transaction in which a statement failed outside any savepoint rolls
        // back and reports success; that must not reach the callers as a commit.
        guard PQtransactionStatus(self.handle) == PQTRANS_INTRANS else {
            try? self.command("ROLLBACK")
            throw PostgresError(sqlState: nil, message: "a statement failed and the transaction was rolled back")
        }
        try self.command("COMMIT")
    }

    /// Runs `body` in a read-only transaction that sees one snapshot throughout.
    func inReadTransaction<T>(_ body: () throws -> T) throws -> T {
        try self.command("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        defer { try? self.command("COMMIT") }
        return try body()
    }

    /// Runs SQL without parameters, several statements allowed (the schema's migrations).
    func command(_ sql: String) throws {
        try self.retryingWhenIdle {
            guard let result = PQexec(self.handle, sql) else { throw self.connectionError() }
            defer { PQclear(result) }
            try self.check(result)
        }
    }

    private func run(_ sql: String, _ arguments: SQLArguments) throws -> OpaquePointer {
        try self.retryingWhenIdle { try self.runOnce(sql, arguments) }
    }

    /// Runs `body` once more on a fresh connection when the server turned out to have
    /// dropped this one (a restart, an idle timeout) and no transaction was open: nothing
    /// was lost then, and the caller need not hear of it. Inside a transaction the error
    /// stands, since the transaction's earlier statements are gone with the connection.
    private func retryingWhenIdle<T>(_ body: () throws -> T) throws -> T {
        try self.reconnectIfDropped()
        let wasIdle = PQtransactionStatus(self.handle) == PQTRANS_IDLE
        do {
            return try body()
        } catch {
            guard wasIdle, PQstatus(self.handle) != CONNECTION_OK else { throw error }
            try self.reconnectIfDropped()
            return try body()
        }
    }

    private func runOnce(_ sql: String, _ arguments: SQLArguments) throws -> OpaquePointer {
        let types = arguments.values.map(\.postgresType)
        let key = types.map(String.init).joined(separator: ",") + ";" + sql
        let name: String
        if let existing = self.prepared[key] {
            name = existing
        } else {
            name = "qpi_statement_\(self.prepared.count)"
            guard
                let result = PQprepare(
                    self.handle, name, Self.numberedParameters(sql), Int32(types.count), types)
            else { throw self.connectionError() }
            defer { PQclear(result) }
            try self.check(result)
            self.prepared[key] = name
        }
        let texts = arguments.values.map(\.postgresText)
        let pointers: [UnsafeMutablePointer<CChar>?] = texts.map { text in text.flatMap { strdup($0) } }
        defer { pointers.forEach { free($0) } }
        let values: [UnsafePointer<CChar>?] = pointers.map { $0.map { UnsafePointer($0) } }
        guard let result = PQexecPrepared(self.handle, name, Int32(values.count), values, nil, nil, 0) else {
            throw self.connectionError()
        }
        do {
            try self.check(result)
        } catch {
            PQclear(result)
            throw error
        }
        return result
    }

    private func check(_ result: OpaquePointer) throws {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return
        default:
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            var message = Self.message(PQresultErrorMessage(result))
            if message.isEmpty {
                message = Self.message(PQerrorMessage(self.handle))
            }
            throw PostgresError(sqlState: state, message: message)
        }
    }

    /// A dropped connection is re-established once per statement; prepared statements died
    /// with it. Inside a transaction nothing is retried: its earlier statements are gone.
    private func reconnectIfDropped() throws {
        guard PQstatus(self.handle) != CONNECTION_OK else { return }
        PQreset(self.handle)
        self.prepared = [:]
        self.savepointDepth = 0
        guard PQstatus(self.handle) == CONNECTION_OK else { throw self.connectionError() }
    }

    private func connectionError() -> PostgresError {
        // SQLSTATE class 08: connection exception.
        PostgresError(
            sqlState: "08006",
            message: "PostgreSQL at \(self.location) is unreachable: \(Self.message(PQerrorMessage(self.handle)))")
    }

    private static func message(_ text: UnsafePointer<CChar>?) -> String {
        text.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
    }

    private static func value(_ text: String, type: Oid) -> SQLValue {
        switch type {
        case 16: return .integer(text == "t" ? 1 : 0)
        case 20, 21, 23, 26: return Int64(text).map(SQLValue.integer) ?? .text(text)
        case 700, 701: return Double(text).map(SQLValue.real) ?? .text(text)
        case 1700:
            if let integer = Int64(text) { return .integer(integer) }
            return Double(text).map(SQLValue.real) ?? .text(text)
        case 17: return Self.bytes(fromHex: text).map(SQLValue.blob) ?? .text(text)
        default: return .text(text)
        }
    }

    /// bytea's text output: `\x` and two hex digits per byte.
    private static func bytes(fromHex text: String) -> [UInt8]? {
        let digits = Array(text.utf8.dropFirst(2))
        guard text.hasPrefix("\\x"), digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
            index += 2
        }
        return bytes
    }

    /// The store's `?` and `?N` parameters as PostgreSQL's `$N`, leaving quoted text,
    /// quoted identifiers and comments alone.
    static func numberedParameters(_ sql: String) -> String {
        var output = ""
        var next = 1
        var characters = sql.makeIterator()
        var pending: Character? = characters.next()
        while let character = pending {
            pending = characters.next()
            switch character {
            case "'", "\"":
                output.append(character)
                while let quoted = pending {
                    output.append(quoted)
                    pending = characters.next()
                    if quoted == character { break }
                }
            case "-" where pending == "-":
                output.append(character)
                while let commented = pending {
                    output.append(commented)
                    pending = characters.next()
                    if commented == "\n" { break }
                }
            case "?":
                var digits = ""
                while let digit = pending, digit.isASCII, digit.isNumber {
                    digits.append(digit)
                    pending = characters.next()
                }
                if digits.isEmpty {
                    output += "$\(next)"
                    next += 1
                } else {
                    output += "$" + digits
                }
            default:
                output.append(character)
            }
        }
        return output
    }

    private static func withCStrings<T>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        return body(copies.map { $0.map { UnsafePointer($0) } } + [nil])
    }
}

extension SQLValue {
    /// The parameter type the value is sent as: int8, float8, text, bytea, or 0 (the
    /// server infers it) for NULL.
    fileprivate var postgresType: Oid {
        switch self {
        case .null: 0
        case .integer: 20
        case .real: 701
        case .text: 25
        case .blob: 17
        }
    }

    fileprivate var postgresText: String? {
        switch self {
        case .null: return nil
        case .integer(let integer): return String(integer)
        case .real(let real):
            if real.isNaN { return "NaN" }
            if real.isInfinite { return real < 0 ? "-Infinity" : "Infinity" }
            return "\(real)"
        case .text(let text): return text
        case .blob(let bytes): return "\\x" + bytes.map { String(format: "%02x", $0) }.joined()
        }
    }
}
