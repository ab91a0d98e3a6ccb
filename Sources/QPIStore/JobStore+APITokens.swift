public import QPICore

extension JobStore {
    /// Stores a new API token for `user`, in one transaction with its hash, which
    /// `hashForID` computes from the id the row gets (tokens name their id).
    /// - Returns: the stored record, with its id.
    public func createAPIToken(
        user: String, name: String, expiresAt: Double?, time: Double, hashForID: @escaping @Sendable (Int64) -> String
    ) async throws -> APIToken {
        try await self.write("createAPIToken") { db in
            let id = try db.insertReturningID(
                sql: """
                    INSERT INTO api_tokens ("user", name, token_hash, created_at, expires_at) VALUES (?, ?, '', ?, ?)
                    RETURNING id
                    """,
                arguments: [user, name, time, expiresAt]
            )
            try db.execute(sql: "UPDATE api_tokens SET token_hash = ? WHERE id = ?", arguments: [hashForID(id), id])
            return APIToken(
                id: id, user: user, name: name, createdAt: time, expiresAt: expiresAt,
                revokedAt: nil, lastUsedAt: nil)
        }
    }

    /// API tokens of `user`, or of everyone when nil, by id.
    public func apiTokens(user: String?) throws -> [APIToken] {
        try self.read("apiTokens") { db in
            let rows =
                if let user {
                    try SQLRow.fetchAll(
                        db, sql: "SELECT \(Self.tokenColumns) FROM api_tokens WHERE \"user\" = ? ORDER BY id",
                        arguments: [user])
                } else {
                    try SQLRow.fetchAll(db, sql: "SELECT \(Self.tokenColumns) FROM api_tokens ORDER BY id")
                }
            return try rows.map(Self.tokenRecord)
        }
    }

    /// The API token with this id and its hash, or nil.
    public func apiToken(id: Int64) throws -> (record: APIToken, hash: String)? {
        try self.read("apiToken") { db in
            guard
                let row = try SQLRow.fetchOne(
                    db, sql: "SELECT \(Self.tokenColumns), token_hash FROM api_tokens WHERE id = ?", arguments: [id])
            else { return nil }
            return (try Self.tokenRecord(row), try row.decode(atIndex: 7))
        }
    }

    /// Renames a token and/or changes its expiry (`.some(nil)` removes it).
    /// - Throws: `StoreError` `.notFound` for an unknown id.
    public func updateAPIToken(id: Int64, name: String?, expiresAt: Double??) async throws -> APIToken {
        try await self.write("updateAPIToken") { db in
            if let name {
                try db.execute(sql: "UPDATE api_tokens SET name = ? WHERE id = ?", arguments: [name, id])
            }
            if let expiresAt {
                try db.execute(sql: "UPDATE api_tokens SET expires_at = ? WHERE id = ?", arguments: [expiresAt, id])
            }
            guard
                let row = try SQLRow.fetchOne(
                    db, sql: "SELECT \(Self.tokenColumns) FROM api_tokens WHERE id = ?", arguments: [id])
            else { throw StoreError.notFound("API token \(id)") }
            return try Self.tokenRecord(row)
        }
    }

    /// Revokes a token for good; revoking twice keeps the first time.
    /// - Throws: `StoreError` `.notFound` for an unknown id.
    public func revokeAPIToken(id: Int64, time: Double) async throws {
        try await self.write("revokeAPIToken") { db in
            try db.execute(
                sql: "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", arguments: [time, id])
            guard db.changesCount == 1 else { throw StoreError.notFound("API token \(id)") }
        }
    }

    /// Records that a token was just used.
    public func touchAPIToken(id: Int64, time: Double) async throws {
        try await self.write("touchAPIToken") { db in
            try db.execute(sql: "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", arguments: [time, id])
        }
    }

    private static let tokenColumns = "id, \"user\", name, created_at, expires_at, revoked_at, last_used_at"

    private static func tokenRecord(_ row: SQLRow) throws -> APIToken {
        APIToken(
            id: try row.decode(atIndex: 0), user: try row.decode(atIndex: 1), name: try row.decode(atIndex: 2),
            createdAt: try row.decode(atIndex: 3), expiresAt: try row.decode(atIndex: 4),
            revokedAt: try row.decode(atIndex: 5), lastUsedAt: try row.decode(atIndex: 6))
    }
}
