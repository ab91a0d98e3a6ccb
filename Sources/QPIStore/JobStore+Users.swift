extension JobStore {
    /// Stores the user if new (unlimited balance, not an admin) and returns the stored
    /// account; an existing account is returned unchanged.
    @discardableResult
    public func ensureUser(_ name: String, uid: UInt32) async throws -> UserAccount {
        try await self.write("ensureUser") { db in
            try db.execute(
                sql: "INSERT INTO users (name, uid) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                arguments: [name, Int64(uid)]
            )
            guard let account = try Self.fetchUser(name, db) else { throw StoreError.notFound("user '\(name)'") }
            return account
        }
    }

    /// The user's account, or nil.
    public func user(named name: String) throws -> UserAccount? {
        try self.read("user") { db in try Self.fetchUser(name, db) }
    }

    /// Every account, by name: the balances the scheduler's snapshot needs.
    public func users() throws -> [UserAccount] {
        try self.read("users") { db in
            try SQLRow.fetchAll(db, sql: "SELECT \(Self.userColumns) FROM users ORDER BY name").map(Self.account)
        }
    }

    /// The user's remaining qpu_seconds; nil means unlimited.
    ///
    /// - Throws: `StoreError` `.notFound` for an unknown user.
    public func balance(of name: String) throws -> Double? {
        guard let account = try self.user(named: name) else {
            throw StoreError(code: .notFound, message: "user '\(name)' does not exist", operation: "balance")
        }
        return account.qpuSecondsBalance
    }

    /// Sets the user's qpu_seconds balance; nil makes it unlimited.
    ///
    /// - Throws: `StoreError` `.notFound` for an unknown user, `.invalidArgument` for a
    ///   balance that is not a finite number.
    public func setBalance(_ name: String, qpuSeconds: Double?) async throws {
        if let qpuSeconds, !qpuSeconds.isFinite {
            throw StoreError(
                code: .invalidArgument,
                message: "balance \(qpuSeconds) for user '\(name)' is not a number of seconds",
                operation: "setBalance"
            )
        }
        try await self.write("setBalance") { db in
            try db.execute(
                sql: "UPDATE users SET qpu_seconds_balance = ? WHERE name = ?",
                arguments: [qpuSeconds, name]
            )
            guard db.changesCount == 1 else { throw StoreError.notFound("user '\(name)'") }
        }
    }

    /// Grants or withdraws the admin role (as `AdminUsers=` or `qctl user modify` do).
    ///
    /// - Throws: `StoreError` `.notFound` for an unknown user.
    public func setAdmin(_ name: String, _ isAdmin: Bool) async throws {
        try await self.write("setAdmin") { db in
            try db.execute(sql: "UPDATE users SET is_admin = ? WHERE name = ?", arguments: [isAdmin, name])
            guard db.changesCount == 1 else { throw StoreError.notFound("user '\(name)'") }
        }
    }

    private static let userColumns = "name, uid, qpu_seconds_balance, is_admin"

    static func fetchUser(_ name: String, _ db: any SQLConnection) throws -> UserAccount? {
        try SQLRow.fetchOne(db, sql: "SELECT \(Self.userColumns) FROM users WHERE name = ?", arguments: [name])
            .map(Self.account)
    }

    private static func account(_ row: SQLRow) throws -> UserAccount {
        let uid: Int64 = try row.decode(atIndex: 1)
        return try UserAccount(
            name: row.decode(atIndex: 0),
            uid: UInt32(truncatingIfNeeded: uid),
            qpuSecondsBalance: row.decode(atIndex: 2),
            isAdmin: row.decode(atIndex: 3)
        )
    }
}
