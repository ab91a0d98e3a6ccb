internal import Foundation
public import QPICore

/// What one user's jobs used, as `qacct` sums it.
public struct UserUsage: Sendable, Hashable {
    public var user: String
    /// Jobs counted.
    public var jobs: Int
    /// qpu_seconds charged for them.
    public var qpuSeconds: Double

    public init(user: String, jobs: Int, qpuSeconds: Double) {
        self.user = user
        self.jobs = jobs
        self.qpuSeconds = qpuSeconds
    }
}

/// Accounting: per-job usage, per-user totals, and balance changes by admins.
extension JobStore {
    /// The jobs `qacct` lists: those `filter` selects, in its order, at most its limit.
    public func usage(_ filter: JobFilter = JobFilter()) throws -> [Job] {
        let (conditions, arguments) = try filter.sqlConditions(operation: "usage", dialect: self.engine.dialect)
        let sql =
            "SELECT \(Job.columns) FROM jobs" + conditions
            + (filter.order == .idAscending ? " ORDER BY id" : " ORDER BY id DESC")
            + (filter.limit.map { " LIMIT \(max(0, $0))" } ?? "")
        return try self.read("usage") { db in try Job.fetchAll(db, sql: sql, arguments: arguments) }
    }

    /// Per-user sums over the same jobs as `usage(_:)`, by user name.
    public func usageTotals(_ filter: JobFilter = JobFilter()) throws -> [UserUsage] {
        let (conditions, arguments) = try filter.sqlConditions(operation: "usageTotals", dialect: self.engine.dialect)
        let sql =
            "SELECT \"user\", COUNT(*), COALESCE(SUM(qpu_seconds), 0.0) FROM jobs" + conditions
            + " GROUP BY \"user\" ORDER BY \"user\""
        return try self.read("usageTotals") { db in
            try SQLRow.fetchAll(db, sql: sql, arguments: arguments).map { row in
                try UserUsage(
                    user: row.decode(atIndex: 0), jobs: row.decode(atIndex: 1), qpuSeconds: row.decode(atIndex: 2))
            }
        }
    }

    /// Sets the user's qpu_seconds balance (nil: unlimited), creating the account with
    /// `uid` if it does not exist yet, in one transaction; returns the account.
    ///
    /// - Throws: `StoreError` `.invalidArgument` for a balance that is not a finite number.
    @discardableResult
    public func setBalance(_ name: String, uid: UInt32, qpuSeconds: Double?) async throws -> UserAccount {
        if let qpuSeconds, !qpuSeconds.isFinite {
            throw StoreError(
                code: .invalidArgument,
                message: "balance \(qpuSeconds) for user '\(name)' is not a number of seconds",
                operation: "setBalance")
        }
        return try await self.write("setBalance") { db in
            try db.execute(
                sql: """
                    INSERT INTO users (name, uid, qpu_seconds_balance) VALUES (?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET qpu_seconds_balance = excluded.qpu_seconds_balance
                    """,
                arguments: [name, Int64(uid), qpuSeconds])
            return try Self.account(named: name, db)
        }
    }

    /// Adds `seconds` (less than 0 to withdraw) to the user's balance in one statement, so
    /// concurrent additions all count; returns the account.
    ///
    /// - Throws: `StoreError` `.notFound` for an unknown user, `.conflict` for an unlimited
    ///   balance (there is nothing to add to), `.invalidArgument` for a number that is not finite.
    @discardableResult
    public func addSeconds(_ seconds: Double, to name: String) async throws -> UserAccount {
        guard seconds.isFinite else {
            throw StoreError(
                code: .invalidArgument, message: "\(seconds) is not a number of seconds to add to '\(name)'",
                operation: "addSeconds")
        }
        return try await self.write("addSeconds") { db in
            try db.execute(
                sql: """
                    UPDATE users SET qpu_seconds_balance = qpu_seconds_balance + ?
                    WHERE name = ? AND qpu_seconds_balance IS NOT NULL
                    """,
                arguments: [seconds, name])
            let account = try Self.account(named: name, db)
            guard db.changesCount == 1 else {
                throw StoreError(
                    code: .conflict,
                    message: "user '\(name)' has an unlimited balance; give it a limit first "
                        + "(qctl user set \(name) qpu_seconds=N)")
            }
            return account
        }
    }

    /// The account called `name`, read inside a write; `.notFound` when missing.
    static func account(named name: String, _ db: any SQLConnection) throws -> UserAccount {
        guard let account = try Self.fetchUser(name, db) else { throw StoreError.notFound("user '\(name)'") }
        return account
    }
}
