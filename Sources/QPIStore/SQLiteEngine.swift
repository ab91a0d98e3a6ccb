internal import Foundation
internal import GRDB
internal import QPICore

/// The embedded engine: one SQLite file in WAL mode with `synchronous=NORMAL`, through GRDB.
/// Readers never wait for the writer; a process crash loses nothing committed (an OS crash
/// may lose the last commits).
final class SQLiteEngine: StoreEngine {
    let path: String
    private let pool: DatabasePool

    var dialect: SQLDialect { .sqlite }

    /// Opens (creating if missing) the file at `path` and migrates it to `schemaVersion`.
    init(path: String, schemaVersion: Int) throws {
        let operation = "open '\(path)'"
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.label = "QPIStore"
        configuration.prepareDatabase { db in
            // Readers never write; the writer commits without fsync and stays crash-safe
            // in WAL mode (an OS crash may lose the last commits, a process crash none).
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            self.pool = try DatabasePool(path: path, configuration: configuration)
            try Schema.migrate(self.pool, upTo: schemaVersion)
        } catch {
            var storeError = StoreError.wrapping(error, operation: operation)
            if storeError.code == .notADatabase {
                storeError.message =
                    "'\(path)' is not a QPI database (SQLite says: \(storeError.message)); "
                    + "move it away or point StateSaveLocation elsewhere"
            }
            throw storeError
        }
        self.path = path
    }

    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try self.pool.read { db in try body(SQLiteConnection(db)) }
    }

    func asyncWrite(_ work: @escaping @Sendable (any SQLWriteConnection) -> Void) {
        // The work runs on the writer connection's own serial queue: one thread hop from
        // the caller, none per transaction.
        self.pool.asyncWriteWithoutTransaction { db in work(SQLiteConnection(db)) }
    }

    var status: StoreStatus { StoreStatus(engine: "sqlite", location: self.path) }

    func schemaVersion() throws -> Int {
        try self.pool.read { db in try Schema.version(db) }
    }

    func close() async throws {
        // GRDB closes the writer before the read-only connections, and the last of those
        // cannot checkpoint: without this, every commit stays in qpi.db-wal and a copy of
        // qpi.db alone would miss it. A reader in another process can make the checkpoint
        // busy; the log is then merely left for the next open.
        _ = try? await self.pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        try self.pool.close()
    }

    /// Writes a consistent copy of the database to `path` (`VACUUM INTO`), without
    /// stopping writers.
    func copy(to path: String) async throws {
        try await self.pool.unsafeRead { db in
            try db.execute(sql: "VACUUM INTO ?", arguments: [path])
        }
    }
}

/// A GRDB connection seen through `SQLConnection`. Statements are prepared once per
/// connection and reused (GRDB's statement cache), so the hot paths pay no parse.
final class SQLiteConnection: SQLWriteConnection {
    private let db: Database

    init(_ db: Database) {
        self.db = db
    }

    var dialect: SQLDialect { .sqlite }

    func execute(sql: String, arguments: SQLArguments) throws {
        let statement = try self.db.cachedStatement(sql: sql)
        statement.setUncheckedArguments(Self.arguments(arguments))
        try statement.execute()
    }

    func fetchAll(sql: String, arguments: SQLArguments) throws -> [SQLRow] {
        let statement = try self.db.cachedStatement(sql: sql)
        let cursor = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
        var rows: [SQLRow] = []
        while let row = try cursor.next() {
            rows.append(SQLRow(values: (0..<row.count).map { index in SQLValue(row[index] as DatabaseValue) }))
        }
        return rows
    }

    var changesCount: Int { self.db.changesCount }

    var isInsideTransaction: Bool { self.db.isInsideTransaction }

    func inSavepoint<T>(_ body: () throws -> T) throws -> T {
        var value: T?
        try self.db.inSavepoint {
            value = try body()
            return .commit
        }
        // inSavepoint returns normally only after running body to completion.
        guard let value else { preconditionFailure("savepoint body did not run") }
        return value
    }

    func inTransaction(_ body: () throws -> Void) throws {
        try self.db.inTransaction(.immediate) {
            try body()
            return .commit
        }
    }

    private static func arguments(_ arguments: SQLArguments) -> StatementArguments {
        StatementArguments(arguments.values.map(\.databaseValue))
    }
}

extension SQLValue {
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let integer): self = .integer(integer)
        case .double(let real): self = .real(real)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .blob([UInt8](data))
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .integer(let integer): return integer.databaseValue
        case .real(let real): return real.databaseValue
        case .text(let text): return text.databaseValue
        case .blob(let bytes): return Data(bytes).databaseValue
        }
    }
}
