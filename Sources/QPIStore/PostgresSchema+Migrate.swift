extension PostgresSchema {
    /// Brings the database to `version` in one transaction, refusing one a newer QPI wrote.
    /// The version is a row of `qpi_schema`, PostgreSQL's counterpart of SQLite's
    /// `PRAGMA user_version`, with the same numbers.
    static func migrate(_ db: PostgresConnection, upTo version: Int) throws {
        try db.inTransaction {
            // Controllers that start together against one database migrate one at a time;
            // the lock ends with the transaction.
            try db.command("SELECT pg_advisory_xact_lock(\(Self.migrationLock))")
            try db.command("CREATE TABLE IF NOT EXISTS qpi_schema (version BIGINT NOT NULL)")
            let found = try Self.version(db)
            guard found <= Schema.latestVersion else {
                throw StoreError(
                    code: .schemaTooNew,
                    message: "the database has schema version \(found), newer than \(Schema.latestVersion), "
                        + "the latest this QPI knows; run a QPI release at least as new as the one that wrote it")
            }
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM qpi_schema") == 0 {
                try db.execute(sql: "INSERT INTO qpi_schema (version) VALUES (0)")
            }
            for migration in Self.migrations where migration.version > found && migration.version <= version {
                try db.command(migration.sql)
                try db.execute(sql: "UPDATE qpi_schema SET version = ?", arguments: [migration.version])
            }
        }
    }

    /// The schema version the database records; 0 for an empty database.
    static func version(_ db: any SQLConnection) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT version FROM qpi_schema") ?? 0
    }

    /// The advisory lock key migrations hold: any number no other program on the server uses.
    private static let migrationLock: Int64 = 0x5150_4953_544f_5245
}
