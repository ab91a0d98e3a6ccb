internal import GRDB
public import QPICore

/// What `book` did: stored the slot, or found one it would overlap.
public enum BookingOutcome: Sendable, Hashable {
    case booked(Reservation)
    /// The earliest stored slot that shares a QPU and some time with the one asked for.
    case collides(with: Reservation)
}

extension JobStore {
    /// Stores a slot unless it overlaps another on the same QPU (a slot on every QPU
    /// overlaps any slot at the same time). The check and the insert share one
    /// transaction, so two bookings racing for one slot cannot both succeed.
    ///
    /// - Parameter slot: its `id` is ignored; the stored slot's id is returned.
    public func book(_ slot: Reservation) async throws -> BookingOutcome {
        try await self.write("book") { db in
            let collision = try Self.fetchReservations(
                db,
                where: "start_time < ? AND end_time > ? AND (qpu IS NULL OR ? IS NULL OR qpu = ?)",
                arguments: [slot.end, slot.start, slot.qpu, slot.qpu]
            ).first
            if let collision { return .collides(with: collision) }
            try db.execute(
                sql: """
                    INSERT INTO reservations (name, user, qpu, start_time, end_time, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [slot.name, slot.user, slot.qpu, slot.start, slot.end, slot.createdBy, slot.createdAt]
            )
            var stored = slot
            stored.id = db.lastInsertedRowID
            return .booked(stored)
        }
    }

    /// Slots that have not ended by `time`, by start time: what the scheduler and
    /// `qres list` need.
    public func reservations(endingAfter time: Double) throws -> [Reservation] {
        try self.read("reservations") { db in
            try Self.fetchReservations(db, where: "end_time > ?", arguments: [time])
        }
    }

    /// One slot by id, or nil.
    public func reservation(_ id: Int64) throws -> Reservation? {
        try self.read("reservation") { db in
            try Self.fetchReservations(db, where: "id = ?", arguments: [id]).first
        }
    }

    /// Deletes a slot; false if there was none with that id.
    public func cancelReservation(_ id: Int64) async throws -> Bool {
        try await self.write("cancelReservation") { db in
            try db.execute(sql: "DELETE FROM reservations WHERE id = ?", arguments: [id])
            return db.changesCount == 1
        }
    }

    private static func fetchReservations(
        _ db: Database, where condition: String, arguments: StatementArguments
    ) throws -> [Reservation] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT id, name, user, qpu, start_time, end_time, created_by, created_at FROM reservations
                WHERE \(condition) ORDER BY start_time, id
                """,
            arguments: arguments
        ).map { row in
            try Reservation(
                id: row.decode(atIndex: 0), name: row.decode(atIndex: 1), user: row.decode(atIndex: 2),
                qpu: row.decode(atIndex: 3), start: row.decode(atIndex: 4), end: row.decode(atIndex: 5),
                createdBy: row.decode(atIndex: 6), createdAt: row.decode(atIndex: 7))
        }
    }
}
