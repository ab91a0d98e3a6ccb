public import QPICore

/// What `book` did: stored the slot, or found one it would overlap.
public enum BookingOutcome: Sendable, Hashable {
    case booked(Slot)
    /// The earliest stored slot that shares a QPU and some time with the one asked for.
    case collides(with: Slot)
}

extension JobStore {
    /// Stores a slot unless it overlaps another on the same QPU (a slot on every QPU
    /// overlaps any slot at the same time). The check and the insert share one
    /// transaction, so two bookings racing for one slot cannot both succeed.
    ///
    /// - Parameter slot: its `id` is ignored; the stored slot's id is returned.
    public func book(_ slot: Slot) async throws -> BookingOutcome {
        try await self.write("book") { db in
            let collision = try Self.fetchSlots(
                db,
                where: "start_time < ? AND end_time > ? AND (qpu IS NULL OR CAST(? AS TEXT) IS NULL OR qpu = ?)",
                arguments: [slot.end, slot.start, slot.qpu, slot.qpu]
            ).first
            if let collision { return .collides(with: collision) }
            let id = try db.insertReturningID(
                sql: """
                    INSERT INTO slots (name, "user", qpu, start_time, end_time, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
                    """,
                arguments: [slot.name, slot.user, slot.qpu, slot.start, slot.end, slot.createdBy, slot.createdAt]
            )
            var stored = slot
            stored.id = id
            return .booked(stored)
        }
    }

    /// Slots that have not ended by `time`, by start time: what the scheduler and
    /// `qres list` need.
    public func slots(endingAfter time: Double) throws -> [Slot] {
        try self.read("slots") { db in
            try Self.fetchSlots(db, where: "end_time > ?", arguments: [time])
        }
    }

    /// One slot by id, or nil.
    public func slot(_ id: Int64) throws -> Slot? {
        try self.read("slot") { db in
            try Self.fetchSlots(db, where: "id = ?", arguments: [id]).first
        }
    }

    /// Deletes a slot; false if there was none with that id.
    public func cancelSlot(_ id: Int64) async throws -> Bool {
        try await self.write("cancelSlot") { db in
            try db.execute(sql: "DELETE FROM slots WHERE id = ?", arguments: [id])
            return db.changesCount == 1
        }
    }

    private static func fetchSlots(
        _ db: any SQLConnection, where condition: String, arguments: SQLArguments
    ) throws -> [Slot] {
        try SQLRow.fetchAll(
            db,
            sql: """
                SELECT id, name, "user", qpu, start_time, end_time, created_by, created_at FROM slots
                WHERE \(condition) ORDER BY start_time, id
                """,
            arguments: arguments
        ).map { row in
            try Slot(
                id: row.decode(atIndex: 0), name: row.decode(atIndex: 1), user: row.decode(atIndex: 2),
                qpu: row.decode(atIndex: 3), start: row.decode(atIndex: 4), end: row.decode(atIndex: 5),
                createdBy: row.decode(atIndex: 6), createdAt: row.decode(atIndex: 7))
        }
    }
}
