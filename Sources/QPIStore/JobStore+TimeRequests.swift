public import QPICore

/// An admin's decision on a time request, with the balance it left.
public struct TimeRequestDecision: Sendable, Hashable {
    public var request: QPUTimeRequest
    /// The requester's balance after the decision; nil when unlimited or when the
    /// requester has no account (both mean unlimited).
    public var balance: Double?

    public init(request: QPUTimeRequest, balance: Double?) {
        self.request = request
        self.balance = balance
    }
}

/// Requests for more qpu_seconds: filed by users, decided once by admins.
extension JobStore {
    /// Files a pending request and returns it with its id.
    ///
    /// - Throws: `StoreError` `.invalidArgument` for seconds that are not a finite number
    ///   above 0, or an empty reason.
    public func fileTimeRequest(
        user: String, uid: UInt32, seconds: Double, reason: String, time: Double
    ) async throws -> QPUTimeRequest {
        guard seconds.isFinite, seconds > 0 else {
            throw StoreError(
                code: .invalidArgument, message: "a time request needs a number of seconds above 0, got \(seconds)",
                operation: "fileTimeRequest")
        }
        guard !reason.allSatisfy(\.isWhitespace) else {
            throw StoreError(
                code: .invalidArgument, message: "a time request needs a reason", operation: "fileTimeRequest")
        }
        return try await self.write("fileTimeRequest") { db in
            let id = try db.insertReturningID(
                sql: """
                    INSERT INTO qpu_time_requests ("user", uid, seconds, reason, created_at) VALUES (?, ?, ?, ?, ?)
                    RETURNING id
                    """,
                arguments: [user, Int64(uid), seconds, reason, time])
            return QPUTimeRequest(
                id: id, user: user, uid: uid, seconds: seconds, reason: reason, createdAt: time)
        }
    }

    /// The requests of `user` (nil: everyone's), oldest first.
    public func timeRequests(of user: String? = nil) throws -> [QPUTimeRequest] {
        try self.read("timeRequests") { db in
            if let user {
                return try Self.fetchRequests(db, "WHERE \"user\" = ? ORDER BY id", [user])
            }
            return try Self.fetchRequests(db, "ORDER BY id", [])
        }
    }

    /// The request with this id, or nil.
    public func timeRequest(_ id: Int64) throws -> QPUTimeRequest? {
        try self.read("timeRequest") { db in try Self.fetchRequests(db, "WHERE id = ?", [id]).first }
    }

    /// Approves or rejects a pending request. An approval adds its seconds to the
    /// requester's balance in the same transaction (an unlimited balance stays
    /// unlimited), so the seconds are added exactly once however many admins approve at
    /// the same moment: the first decision wins, later ones are refused.
    ///
    /// - Throws: `StoreError` `.notFound` for an unknown id, `.conflict` for a request
    ///   already decided (naming how, by whom and when).
    public func decideTimeRequest(
        _ id: Int64, approve: Bool, by admin: String, note: String?, time: Double
    ) async throws -> TimeRequestDecision {
        let state: QPUTimeRequest.State = approve ? .approved : .rejected
        return try await self.write("decideTimeRequest") { db in
            try db.execute(
                sql: """
                    UPDATE qpu_time_requests SET state = ?, decided_at = ?, decided_by = ?, note = ?
                    WHERE id = ? AND state = 'PENDING'
                    """,
                arguments: [state.rawValue, time, admin, note, id])
            let decided = db.changesCount == 1
            guard let request = try Self.fetchRequests(db, "WHERE id = ?", [id]).first else {
                throw StoreError.notFound("time request \(id)")
            }
            guard decided else {
                let by = request.decidedBy.map { " by \($0)" } ?? ""
                throw StoreError(
                    code: .conflict,
                    message: "time request \(id) was already \(request.state.rawValue.lowercased())\(by); "
                        + "a request is decided once")
            }
            if approve {
                try db.execute(
                    sql: "UPDATE users SET qpu_seconds_balance = qpu_seconds_balance + ? WHERE name = ?",
                    arguments: [request.seconds, request.user])
            }
            return TimeRequestDecision(
                request: request, balance: try Self.fetchUser(request.user, db)?.qpuSecondsBalance)
        }
    }

    private static func fetchRequests(_ db: any SQLConnection, _ tail: String, _ arguments: SQLArguments) throws
        -> [QPUTimeRequest]
    {
        let rows = try SQLRow.fetchAll(
            db,
            sql: """
                SELECT id, "user", uid, seconds, reason, state, created_at, decided_at, decided_by, note
                FROM qpu_time_requests \(tail)
                """,
            arguments: arguments)
        return try rows.map { row in
            let stateText: String = try row.decode(atIndex: 5)
            guard let state = QPUTimeRequest.State(rawValue: stateText) else {
                throw StoreError.corruptRow("the state of a time request", stateText)
            }
            let uid: Int64 = try row.decode(atIndex: 2)
            return try QPUTimeRequest(
                id: row.decode(atIndex: 0), user: row.decode(atIndex: 1), uid: UInt32(truncatingIfNeeded: uid),
                seconds: row.decode(atIndex: 3), reason: row.decode(atIndex: 4), state: state,
                createdAt: row.decode(atIndex: 6), decidedAt: row.decode(atIndex: 7), decidedBy: row.decode(atIndex: 8),
                note: row.decode(atIndex: 9))
        }
    }
}
