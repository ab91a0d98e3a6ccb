internal import Dispatch
internal import QPICore
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
    private let writerQueue: DispatchQueue
    private let idleReaders = Mutex<[PostgresConnection]>([])
    private let lease: HeldLease?
    private let renewal: Mutex<(any DispatchSourceTimer)?>

    var dialect: SQLDialect { .postgresql }

    /// Connects, takes `lease` when one is given (a controller does; a tool reading the
    /// store does not), and brings the database's schema to `schemaVersion`.
    ///
    /// - Throws: `StoreError` `.io` when the server cannot be reached or refuses the
    ///   credentials, `.leaseHeld` when another controller is active, `.schemaTooNew` for
    ///   a database a newer QPI wrote.
    init(location: PostgresLocation, schemaVersion: Int, lease: ControllerLease?) throws {
        self.location = location
        let writer = try PostgresConnection(location)
        self.writer = writer
        let held: HeldLease?
        do {
            // The lease first: only the active controller migrates.
            held = try lease.map { try HeldLease($0, on: writer) }
            try PostgresSchema.migrate(writer, upTo: schemaVersion)
        } catch {
            throw StoreError.wrapping(error, operation: "open '\(location)'")
        }
        let queue = DispatchQueue(label: "QPIStore.postgres.writer")
        self.writerQueue = queue
        self.lease = held
        self.renewal = Mutex(held.map { Self.renewing($0, on: writer, queue: queue) })
    }

    /// Renews `held` every third of its timeout on the writer's queue, between drains.
    private static func renewing(
        _ held: HeldLease, on writer: PostgresConnection, queue: DispatchQueue
    ) -> any DispatchSourceTimer {
        writer.fence = { db in try held.check(on: db) }
        let interval = held.lease.timeout / 3
        let nanoseconds =
            Int(interval.components.seconds) * 1_000_000_000 + Int(interval.components.attoseconds / 1_000_000_000)
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .nanoseconds(nanoseconds), repeating: .nanoseconds(nanoseconds))
        timer.setEventHandler { held.renew(on: writer) }
        timer.resume()
        return timer
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

    var status: StoreStatus {
        let times = self.lease?.times
        return StoreStatus(
            engine: "postgresql", location: self.location.url, leaseHolder: self.lease?.lease.holder,
            leaseSince: times?.since, leaseRenewed: times?.renewed,
            leaseTimeoutSeconds: self.lease?.lease.timeoutSeconds)
    }

    func schemaVersion() throws -> Int {
        try self.read { db in try PostgresSchema.version(db) }
    }

    func close() async throws {
        self.renewal.withLock { $0?.cancel() }
        // Waits for work already queued; the connections close as the engine is released.
        let (writer, lease) = (self.writer, self.lease)
        self.writerQueue.sync { lease?.release(on: writer) }
        self.idleReaders.withLock { $0.removeAll() }
    }
}
