internal import Dispatch
internal import Synchronization

/// The server engine: the store in a PostgreSQL database (`StorageURL=postgresql://…`),
/// through libpq.
///
/// Reads take a connection from a pool (opening one when all are busy) and run in a
/// read-only snapshot; writes run on one writer connection, on a serial queue of its own,
/// where `GroupCommitter` drains its queue as it does on SQLite.
final class PostgresEngine: StoreEngine {
    let location: PostgresLocation
    private let writer: PostgresConnection
    private let writerQueue = DispatchQueue(label: "QPIStore.postgres.writer")
    private let idleReaders = Mutex<[PostgresConnection]>([])

    var dialect: SQLDialect { .postgresql }

    /// Connects and brings the database's schema to `schemaVersion`.
    ///
    /// - Throws: `StoreError` `.io` when the server cannot be reached or refuses the
    ///   credentials, `.schemaTooNew` for a database a newer QPI wrote.
    init(location: PostgresLocation, schemaVersion: Int) throws {
        self.location = location
        self.writer = try PostgresConnection(location)
        do {
            try PostgresSchema.migrate(self.writer, upTo: schemaVersion)
        } catch {
            throw StoreError.wrapping(error, operation: "open '\(location)'")
        }
    }

    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        let connection = try self.idleReaders.withLock { $0.popLast() } ?? PostgresConnection(self.location)
        defer {
            // A connection the server dropped is closed rather than kept for the next read.
            if connection.isConnected && !connection.isInsideTransaction {
                self.idleReaders.withLock { $0.append(connection) }
            }
        }
        return try connection.inReadTransaction { try body(connection) }
    }

    func asyncWrite(_ work: @escaping @Sendable (any SQLWriteConnection) -> Void) {
        let writer = self.writer
        self.writerQueue.async { work(writer) }
    }

    func schemaVersion() throws -> Int {
        try self.read { db in try PostgresSchema.version(db) }
    }

    func close() async throws {
        // Waits for work already queued; the connections close as the engine is released.
        self.writerQueue.sync {}
        self.idleReaders.withLock { $0.removeAll() }
    }
}
