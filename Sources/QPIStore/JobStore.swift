internal import Foundation
internal import GRDB

/// The controller's durable store: one SQLite file in WAL mode with `synchronous=NORMAL`,
/// so a process crash (`kill -9`) loses nothing that was committed.
///
/// The controller keeps the live queue in memory and writes here for durability; it reads
/// here at startup (`loadActiveJobs()`) and for finished jobs.
///
/// Concurrency rules:
/// - Thread-safe: share one instance freely between tasks and threads.
/// - Every write goes through one writer loop (group commit): writes that arrive while a
///   transaction is being written are merged into the next one, each in its own savepoint,
///   and each `async` write method returns only after its rows are committed.
/// - Reads are synchronous and run on a pool of reader connections against the last
///   committed state; in WAL mode they never wait for the writer. Each blocks the calling
///   thread for one read transaction.
/// - One process per file: a second process may read, but two writers would compete for
///   the lock (`StoreError.busy` after a 5 s timeout).
/// - Methods fail with `StoreError.closed` after `close()`.
public final class JobStore: Sendable {
    /// The file's name inside the `StateSaveLocation` directory.
    public static let fileName = "qpi.db"

    /// The schema version this binary creates and migrates files to.
    public static var latestSchemaVersion: Int { Schema.latestVersion }

    /// The path of the database file.
    public let path: String

    let pool: DatabasePool
    let writer: GroupCommitter

    /// Opens (creating if missing) `qpi.db` in `directory`, creating the directory with
    /// mode 0700 if it does not exist.
    ///
    /// - Throws: `StoreError` `.io` if the directory cannot be made, else as `init(path:)`.
    public static func open(directory: String) throws -> JobStore {
        do {
            try FileManager.default.createDirectory(
                atPath: directory,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw StoreError(
                code: .io,
                message: "cannot create the state directory '\(directory)': \(error.localizedDescription)",
                operation: "open",
                cause: error
            )
        }
        let separator = directory.hasSuffix("/") ? "" : "/"
        let path = directory + separator + self.fileName
        var status = stat()
        if lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFLNK {
            throw StoreError(
                code: .io,
                message: "'\(path)' is a symbolic link; the state database must be a file in the state directory",
                operation: "open")
        }
        return try JobStore(path: path)
    }

    /// Opens the database file at `path`, creating it at the latest schema version if
    /// missing and migrating an older one forward.
    ///
    /// - Throws: `StoreError` `.schemaTooNew` for a file from a newer QPI, `.notADatabase`
    ///   for a file that is not SQLite, `.io` when the file cannot be opened.
    public convenience init(path: String) throws {
        try self.init(path: path, schemaVersion: Schema.latestVersion)
    }

    /// Opens the file migrating it only up to `schemaVersion`; tests use it to make the
    /// old files that the upgrade path must handle.
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
        self.writer = GroupCommitter(writer: self.pool)
    }

    /// The schema version of the open file (after migration, `latestSchemaVersion`).
    public var schemaVersion: Int {
        get throws {
            try self.read("schemaVersion") { db in try Schema.version(db) }
        }
    }

    /// Lets queued writes commit, moves the write-ahead log into the database file, then
    /// closes every connection. Later calls fail with `StoreError.closed`; closing twice
    /// is harmless.
    public func close() async throws {
        // Only the first close may touch the connections: GRDB hands SQLite a dangling
        // handle for a checkpoint on a closed connection.
        guard await self.writer.close() else { return }
        do {
            // GRDB closes the writer before the read-only connections, and the last of
            // those cannot checkpoint: without this, every commit stays in qpi.db-wal and
            // a copy of qpi.db alone would miss it. A reader in another process can make
            // the checkpoint busy; the log is then merely left for the next open.
            _ = try? await self.pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            try self.pool.close()
        } catch {
            throw StoreError.wrapping(error, operation: "close")
        }
    }

    /// Runs `body` in a read transaction, mapping errors to `StoreError`.
    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        guard !self.writer.isClosed else {
            throw StoreError(code: .closed, message: "the job store is closed", operation: operation)
        }
        do {
            return try self.pool.read(body)
        } catch {
            throw StoreError.wrapping(error, operation: operation)
        }
    }

    /// Runs `body` in the writer loop's next transaction, mapping errors to `StoreError`.
    func write<T: Sendable>(
        _ operation: String,
        rows: Int = 1,
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await self.writer.perform(rows: rows, body)
        } catch {
            throw StoreError.wrapping(error, operation: operation)
        }
    }
}
