internal import Foundation
internal import Synchronization

/// Which controller may write to a PostgreSQL store: the one holding its lease, a row of
/// `qpi_controller_lease` with the holder, a fencing token and an expiry in the database's
/// own clock. Several controllers may point at one database (a standby beside the active
/// one); only the holder dispatches and writes.
///
/// - The holder renews the lease every third of `timeout`; a controller that cannot renew
///   before it lapses, or finds the token changed, has lost it and calls `onLost`.
/// - Every write transaction first reads the row under a share lock and checks the token,
///   so a controller that lost its lease can write nothing, even one that has not noticed
///   yet, and a takeover waits for the holder's transaction in flight.
/// - Another controller takes the lease once it has lapsed (`timeout` after the holder's
///   last renewal); a controller restarted at the same address takes it at once.
/// - A clean shutdown releases it, so a standby takes over without waiting.
public struct ControllerLease: Sendable {
    /// Who holds it, as other controllers and admins see it: `ADDR:PORT on HOSTNAME` of the
    /// holder's command listener. A controller restarted under the same name takes the lease
    /// back at once, so two live controllers must never share one.
    public var holder: String
    /// How long the lease lasts without renewal (`TakeoverTimeout`).
    public var timeout: Duration
    /// Called once, on the writer's queue, when the lease is lost, with the reason.
    public var onLost: @Sendable (String) -> Void

    public init(holder: String, timeout: Duration, onLost: @escaping @Sendable (String) -> Void) {
        self.holder = holder
        self.timeout = timeout
        self.onLost = onLost
    }

    var timeoutSeconds: Double {
        Double(self.timeout.components.seconds) + Double(self.timeout.components.attoseconds) * 1e-18
    }
}

/// The lease as the writer connection holds it: its token and how long it is good for.
final class HeldLease: Sendable {
    let lease: ControllerLease
    let token: Int64
    private let state = Mutex(State())

    private struct State {
        var validUntil = ContinuousClock.now
        var lost: String?
        /// Wall-clock times, for admins (`qctl diag`).
        var since = Date().timeIntervalSince1970
        var renewed = Date().timeIntervalSince1970
    }

    private static let now = "EXTRACT(EPOCH FROM clock_timestamp())"

    /// Takes the lease for `lease.holder` if it is free, lapsed or already this holder's.
    ///
    /// - Throws: `StoreError` `.leaseHeld` naming the holder and how long its lease runs.
    init(_ lease: ControllerLease, on db: PostgresConnection) throws {
        let started = ContinuousClock.now
        var token: Int64 = 0
        try db.inTransaction {
            try db.command(
                """
                CREATE TABLE IF NOT EXISTS qpi_controller_lease (
                    id BIGINT PRIMARY KEY CHECK (id = 1),
                    holder TEXT NOT NULL,
                    token BIGINT NOT NULL,
                    expires_at DOUBLE PRECISION NOT NULL
                );
                INSERT INTO qpi_controller_lease VALUES (1, '', 0, 0) ON CONFLICT (id) DO NOTHING
                """)
            guard
                let row = try db.fetchOne(
                    sql: "SELECT holder, expires_at - \(Self.now) FROM qpi_controller_lease WHERE id = 1 FOR UPDATE")
            else { throw StoreError(code: .unknown, message: "the lease row is missing") }
            let holder: String = try row.decode(atIndex: 0)
            let remaining: Double = try row.decode(atIndex: 1)
            if !holder.isEmpty && holder != lease.holder && remaining > 0 {
                throw StoreError(
                    code: .leaseHeld,
                    message: "standby: \(holder) is the active controller (its lease runs "
                        + "\(String(format: "%.1f", remaining)) s more without renewal)")
            }
            token = try db.insertReturningID(
                sql: """
                    UPDATE qpi_controller_lease SET holder = ?, token = token + 1, expires_at = \(Self.now) + ?
                    WHERE id = 1 RETURNING token
                    """,
                arguments: [lease.holder, lease.timeoutSeconds])
        }
        self.lease = lease
        self.token = token
        self.state.withLock { $0.validUntil = started + lease.timeout }
    }

    /// Extends the lease by its timeout; reports the loss when the token changed or the
    /// lease lapsed while the database could not be reached.
    func renew(on db: PostgresConnection) {
        guard !self.isLost else { return }
        let started = ContinuousClock.now
        do {
            try db.execute(
                sql: "UPDATE qpi_controller_lease SET expires_at = \(Self.now) + ? WHERE id = 1 AND token = ?",
                arguments: [self.lease.timeoutSeconds, self.token])
            guard db.changesCount == 1 else {
                return self.lose("another controller took over this database's lease")
            }
            self.state.withLock { state in
                state.validUntil = started + self.lease.timeout
                state.renewed = Date().timeIntervalSince1970
            }
        } catch {
            if ContinuousClock.now >= self.state.withLock({ $0.validUntil }) {
                self.lose("the lease lapsed while the database could not be reached: \(error)")
            }
        }
    }

    /// Refuses the write transaction this runs in unless the lease is still this one's;
    /// the share lock keeps a takeover out until the transaction ends. A renewal that is due
    /// rides along: under a load that keeps the writer busy, the timer's turn may be late.
    func check(on db: PostgresConnection) throws {
        if let reason = self.lostReason {
            throw StoreError(code: .leaseLost, message: "this controller lost its lease (\(reason)); it writes nothing")
        }
        let held = try db.fetchOne(
            sql: "SELECT 1 FROM qpi_controller_lease WHERE id = 1 AND token = ? FOR SHARE", arguments: [self.token])
        guard held != nil else {
            self.lose("another controller took over this database's lease")
            throw StoreError(
                code: .leaseLost, message: "this controller lost its lease to another controller; it writes nothing")
        }
        let due = self.state.withLock { ContinuousClock.now >= $0.validUntil - self.lease.timeout * 2 / 3 }
        if due {
            self.renew(on: db)
        }
    }

    /// Gives the lease up, so a standby need not wait for it to lapse.
    func release(on db: PostgresConnection) {
        try? db.execute(
            sql: "UPDATE qpi_controller_lease SET expires_at = 0 WHERE id = 1 AND token = ?", arguments: [self.token])
    }

    var isLost: Bool { self.lostReason != nil }

    /// When the lease was taken and last renewed, in seconds since the epoch.
    var times: (since: Double, renewed: Double) { self.state.withLock { ($0.since, $0.renewed) } }

    private var lostReason: String? { self.state.withLock { $0.lost } }

    private func lose(_ reason: String) {
        let first = self.state.withLock { state in
            defer { state.lost = state.lost ?? reason }
            return state.lost == nil
        }
        if first { self.lease.onLost(reason) }
    }
}
