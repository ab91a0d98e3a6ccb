internal import QPICore

/// A database the store runs on: SQLite in a file (`SQLiteEngine`, the default) or a
/// PostgreSQL server (`PostgresEngine`, `StorageURL=postgresql://…`).
///
/// Both give the store the same two ways in: synchronous reads against the last committed
/// state, on the calling thread, and one writer connection whose work runs serially on a
/// thread of its own (`GroupCommitter` drains its queue there).
protocol StoreEngine: Sendable {
    var dialect: SQLDialect { get }

    /// Runs `body` in a read transaction on a reader connection, blocking the calling thread.
    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T

    /// Runs `work` on the writer connection, outside any transaction, after every earlier
    /// `asyncWrite` has returned; the caller does not wait.
    func asyncWrite(_ work: @escaping @Sendable (any SQLWriteConnection) -> Void)

    /// The schema version the database records.
    func schemaVersion() throws -> Int

    /// Which engine, where, and the lease held, for `qctl diag`.
    var status: StoreStatus { get }

    /// Closes every connection; queued writes must have drained first.
    func close() async throws
}

/// The writer connection, which alone opens transactions.
protocol SQLWriteConnection: SQLConnection {
    /// Runs `body` in one transaction that holds the write lock from its start, committing
    /// if it returns and rolling back if it throws.
    func inTransaction(_ body: () throws -> Void) throws
}
