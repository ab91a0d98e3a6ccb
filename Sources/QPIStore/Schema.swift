internal import GRDB

/// The store's tables and the migrations that build them.
///
/// A migration is never edited once shipped: a change is a new migration appended to
/// `migrations`. Each one also sets `PRAGMA user_version` to its position (1-based), so
/// `sqlite3 qpi.db 'PRAGMA user_version'` tells an admin which schema a file has, and a
/// binary can refuse a file written by a newer one before touching it.
enum Schema {
    struct Migration {
        let version: Int
        let identifier: String
        let sql: String
    }

    static let migrations: [Migration] = [
        Migration(version: 1, identifier: "v1-core-tables", sql: v1),
        Migration(version: 2, identifier: "v2-calibration-and-active-index", sql: v2),
        Migration(version: 3, identifier: "v3-accounting", sql: v3),
        Migration(version: 4, identifier: "v4-telemetry", sql: v4Telemetry),
        Migration(version: 5, identifier: "v5-security", sql: v5Security),
        Migration(version: 6, identifier: "v6-scheduling", sql: v6Scheduling),
        Migration(version: 7, identifier: "v7-notifications", sql: v7Notifications),
        Migration(version: 8, identifier: "v8-submission-ids", sql: v8SubmissionIDs),
        Migration(version: 9, identifier: "v9-http", sql: v9HTTP),
        Migration(version: 10, identifier: "v10-job-details", sql: v10JobDetails),
        Migration(version: 11, identifier: "v11-executor-options", sql: v11ExecutorOptions),
        Migration(version: 12, identifier: "v12-mail", sql: v12Mail),
        Migration(version: 13, identifier: "v13-notify", sql: v13Notify),
        Migration(version: 14, identifier: "v14-arrays", sql: v14Arrays),
        Migration(version: 15, identifier: "v15-slots", sql: v15Slots),
    ]

    /// The schema version this binary writes.
    static var latestVersion: Int { migrations.count }

    /// A migrator with the migrations up to `version` (all of them by default).
    static func migrator(upTo version: Int = latestVersion) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations where migration.version <= version {
            migrator.registerMigration(migration.identifier) { db in
                try db.execute(sql: migration.sql)
                try db.execute(sql: "PRAGMA user_version = \(migration.version)")
            }
        }
        return migrator
    }

    /// Brings the file at `writer` to `version`, refusing one written by a newer schema.
    static func migrate(_ writer: any DatabaseWriter, upTo version: Int = latestVersion) throws {
        let migrator = self.migrator(upTo: version)
        let (found, superseded) = try writer.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0, try migrator.hasBeenSuperseded(db))
        }
        if found > self.latestVersion || superseded {
            throw StoreError(
                code: .schemaTooNew,
                message: "the database has schema version \(found), newer than \(self.latestVersion), "
                    + "the latest this QPI knows; run a QPI release at least as new as the one that wrote it"
            )
        }
        try migrator.migrate(writer)
    }

    /// The schema version recorded in the file.
    static func version(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
    }

    private static let v1 = """
        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            user TEXT NOT NULL,
            uid INTEGER NOT NULL,
            state TEXT NOT NULL,
            reason TEXT,
            requested_qpu TEXT,
            qpu TEXT,
            shots INTEGER NOT NULL CHECK (shots > 0),
            circuit_count INTEGER NOT NULL CHECK (circuit_count >= 0),
            qubits INTEGER NOT NULL CHECK (qubits >= 0),
            time_limit_seconds INTEGER NOT NULL CHECK (time_limit_seconds > 0),
            seed INTEGER,
            submit_time REAL NOT NULL,
            start_time REAL,
            end_time REAL,
            requeue_count INTEGER NOT NULL DEFAULT 0 CHECK (requeue_count >= 0),
            dispatch_id INTEGER,
            message TEXT,
            qpu_seconds REAL NOT NULL DEFAULT 0
        );
        CREATE INDEX jobs_state ON jobs (state);
        CREATE INDEX jobs_user ON jobs (user);
        CREATE INDEX jobs_submit_time ON jobs (submit_time);

        CREATE TABLE job_scripts (
            job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (job_id, position)
        );

        CREATE TABLE job_results (
            job_id INTEGER PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
            dispatch_id INTEGER NOT NULL,
            results TEXT NOT NULL,
            received_at REAL NOT NULL
        );

        -- Append-only: rows are inserted, never updated; seq counts from 1 per job.
        CREATE TABLE job_events (
            job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            time REAL NOT NULL,
            qpu TEXT,
            detail TEXT,
            PRIMARY KEY (job_id, seq)
        ) WITHOUT ROWID;

        CREATE TABLE qpus (
            name TEXT PRIMARY KEY,
            executor TEXT NOT NULL,
            qubits INTEGER NOT NULL CHECK (qubits >= 0),
            state TEXT NOT NULL,
            reason TEXT,
            dispatch_port INTEGER UNIQUE,
            result_port INTEGER UNIQUE,
            token_hash TEXT,
            created_at REAL NOT NULL,
            CHECK (dispatch_port IS NULL OR dispatch_port <> result_port)
        );

        -- The UNIQUE columns keep two QPUs off one dispatch (or result) port; these keep
        -- one QPU's dispatch port from being another's result port.
        CREATE TRIGGER qpus_ports_insert BEFORE INSERT ON qpus
        WHEN EXISTS (
            SELECT 1 FROM qpus
            WHERE dispatch_port IN (NEW.dispatch_port, NEW.result_port)
                OR result_port IN (NEW.dispatch_port, NEW.result_port)
        )
        BEGIN
            SELECT RAISE(ABORT, 'port already used by another QPU');
        END;
        CREATE TRIGGER qpus_ports_update BEFORE UPDATE OF dispatch_port, result_port ON qpus
        WHEN EXISTS (
            SELECT 1 FROM qpus
            WHERE name <> NEW.name AND (
                dispatch_port IN (NEW.dispatch_port, NEW.result_port)
                    OR result_port IN (NEW.dispatch_port, NEW.result_port))
        )
        BEGIN
            SELECT RAISE(ABORT, 'port already used by another QPU');
        END;

        CREATE TABLE users (
            name TEXT PRIMARY KEY,
            uid INTEGER NOT NULL,
            qpu_seconds_balance REAL,
            is_admin INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value NOT NULL
        );
        """

    /// Each finished job records the calibration snapshot of the QPU it ran on, and startup
    /// reads the active queue through an index that holds only pending and running jobs,
    /// so it does not grow with the finished history.
    private static let v2 = """
        ALTER TABLE jobs ADD COLUMN qpu_calibration_id TEXT;
        CREATE INDEX jobs_active ON jobs (id) WHERE state IN ('PENDING', 'RUNNING');
        """

    /// Users' requests for more qpu_seconds, decided once by an admin; and an index for
    /// accounting queries by end time (`qacct --since`).
    private static let v3 = """
        CREATE TABLE qpu_time_requests (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user TEXT NOT NULL,
            uid INTEGER NOT NULL,
            seconds REAL NOT NULL CHECK (seconds > 0),
            reason TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'APPROVED', 'REJECTED')),
            created_at REAL NOT NULL,
            decided_at REAL,
            decided_by TEXT,
            note TEXT,
            CHECK ((state = 'PENDING') = (decided_at IS NULL))
        );
        CREATE INDEX qpu_time_requests_user ON qpu_time_requests (user, id);
        CREATE INDEX jobs_end_time ON jobs (end_time) WHERE end_time IS NOT NULL;
        """

    /// Executor events forwarded by the nodes (calibration, instrument readings), kept for
    /// EventRetention. `data` is a JSON object of name → number; the index serves the
    /// newest-first listing per QPU, and `time` alone the retention purge.
    private static let v4Telemetry = """
        CREATE TABLE qpu_telemetry (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            qpu TEXT NOT NULL,
            time REAL NOT NULL,
            kind TEXT NOT NULL,
            data TEXT NOT NULL
        );
        CREATE INDEX qpu_telemetry_qpu_time ON qpu_telemetry (qpu, time);
        CREATE INDEX qpu_telemetry_time ON qpu_telemetry (time);
        """

    /// QPUs registered by `qctl qpu create` (as opposed to declared in qpi.conf) and the
    /// hash of the token their last rotation replaced, so a node presenting it learns that
    /// it was rotated rather than merely wrong; and the users' API tokens, kept as hashes.
    private static let v5Security = """
        ALTER TABLE qpus ADD COLUMN registered INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE qpus ADD COLUMN previous_token_hash TEXT;

        CREATE TABLE api_tokens (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user TEXT NOT NULL,
            name TEXT NOT NULL,
            token_hash TEXT NOT NULL,
            created_at REAL NOT NULL,
            expires_at REAL,
            revoked_at REAL,
            last_used_at REAL
        );
        CREATE INDEX api_tokens_user ON api_tokens (user);
        """

    /// Job priorities and dependencies, and booked time slots. A slot with a NULL `qpu`
    /// books every QPU; `end_time > start_time` keeps empty or inverted slots out.
    private static let v6Scheduling = """
        ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN dependency TEXT;

        CREATE TABLE reservations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            user TEXT NOT NULL,
            qpu TEXT,
            start_time REAL NOT NULL,
            end_time REAL NOT NULL,
            created_by TEXT NOT NULL,
            created_at REAL NOT NULL,
            CHECK (end_time > start_time)
        );
        CREATE INDEX reservations_end ON reservations (end_time);
        """

    /// Administrators' notifications (`users` is a JSON array of names, `[]` for everyone)
    /// and, per notification and user, when the commands showed it and when the user
    /// dismissed it.
    private static let v7Notifications = """
        CREATE TABLE notifications (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            message TEXT NOT NULL,
            level TEXT NOT NULL CHECK (level IN ('info', 'warning', 'critical')),
            users TEXT NOT NULL,
            starts_at REAL NOT NULL,
            ends_at REAL,
            created_by TEXT NOT NULL,
            created_at REAL NOT NULL,
            updated_at REAL,
            CHECK (ends_at IS NULL OR ends_at > starts_at)
        );
        CREATE INDEX notifications_window ON notifications (starts_at, ends_at);

        CREATE TABLE notification_receipts (
            notification_id INTEGER NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
            user TEXT NOT NULL,
            shown_at REAL,
            dismissed_at REAL,
            PRIMARY KEY (notification_id, user)
        );
        """

    /// Login passwords for the HTTP API, kept only as scrypt hashes (`qctl user passwd`).
    private static let v9HTTP = """
        CREATE TABLE user_passwords (
            name TEXT PRIMARY KEY,
            hash TEXT NOT NULL,
            updated_at REAL NOT NULL
        );
        """
}
