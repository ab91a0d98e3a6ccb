internal import Foundation
public import QPICore

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

    /// Where the database is: the SQLite file's path, or the PostgreSQL server's URL
    /// without its password.
    public let path: String

    let engine: any StoreEngine
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

    /// Connects to the PostgreSQL database at `location`, creating the schema in an empty
    /// database and migrating an older one forward.
    ///
    /// - Throws: `StoreError` `.io` when the server cannot be reached or refuses the
    ///   credentials, `.schemaTooNew` for a database a newer QPI wrote.
    /// A controller passes its `lease`: it then writes only while it holds the database's
    /// lease, and the call throws `.leaseHeld` while another controller holds it.
    public static func open(postgres location: PostgresLocation, lease: ControllerLease? = nil) throws -> JobStore {
        try JobStore(
            engine: PostgresEngine(location: location, schemaVersion: Schema.latestVersion, lease: lease),
            location: location.url)
    }

    /// Opens the file migrating it only up to `schemaVersion`; tests use it to make the
    /// old files that the upgrade path must handle.
    convenience init(path: String, schemaVersion: Int) throws {
        self.init(engine: try SQLiteEngine(path: path, schemaVersion: schemaVersion), location: path)
    }

    init(engine: any StoreEngine, location: String) {
        self.engine = engine
        self.path = location
        self.writer = GroupCommitter(engine: engine)
    }

    /// Which engine, where, and the controller's lease on it.
    public var status: StoreStatus { self.engine.status }

    /// The schema version of the open file (after migration, `latestSchemaVersion`).
    public var schemaVersion: Int {
        get throws {
            guard !self.writer.isClosed else {
                throw StoreError(code: .closed, message: "the job store is closed", operation: "schemaVersion")
            }
            do {
                return try self.engine.schemaVersion()
            } catch {
                throw StoreError.wrapping(error, operation: "schemaVersion")
            }
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
            try await self.engine.close()
        } catch {
            throw StoreError.wrapping(error, operation: "close")
        }
    }

    /// Runs `body` in a read transaction, mapping errors to `StoreError`.
    func read<T>(_ operation: String, _ body: (any SQLConnection) throws -> T) throws -> T {
        guard !self.writer.isClosed else {
            throw StoreError(code: .closed, message: "the job store is closed", operation: operation)
        }
        do {
            return try self.engine.read(body)
        } catch {
            throw StoreError.wrapping(error, operation: operation)
        }
    }

    /// Runs `body` in the writer loop's next transaction, mapping errors to `StoreError`.
    func write<T: Sendable>(
        _ operation: String,
        rows: Int = 1,
        _ body: @escaping @Sendable (any SQLConnection) throws -> T
    ) async throws -> T {
        do {
            return try await self.writer.perform(rows: rows, body)
        } catch {
            throw StoreError.wrapping(error, operation: operation)
        }
    }
}
