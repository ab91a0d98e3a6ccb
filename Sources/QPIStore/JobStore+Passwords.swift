extension JobStore {
    /// Stores `hash` as `user`'s login password hash, replacing any earlier one.
    public func setPasswordHash(_ hash: String, for user: String, time: Double) async throws {
        try await self.write("setPasswordHash") { db in
            try db.execute(
                sql: """
                    INSERT INTO user_passwords (name, hash, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at
                    """,
                arguments: [user, hash, time])
        }
    }

    /// `user`'s login password hash, or nil when none was set.
    public func passwordHash(of user: String) throws -> String? {
        try self.read("passwordHash") { db in
            try String.fetchOne(db, sql: "SELECT hash FROM user_passwords WHERE name = ?", arguments: [user])
        }
    }
}
