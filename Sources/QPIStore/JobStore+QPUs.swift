public import QPICore

extension JobStore {
    /// Stores a QPU, or updates the executor, qubits, state and reason of the one with its
    /// name; ports, token hash and creation time are kept.
    ///
    /// - Parameter time: the creation time recorded for a new QPU (seconds since the epoch).
    /// - Returns: the QPU as stored.
    @discardableResult
    public func upsertQPU(_ qpu: QPU, time: Double) async throws -> QPURecord {
        try await self.write("upsertQPU") { db in
            try db.execute(
                sql: """
                    INSERT INTO qpus (name, executor, qubits, state, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET
                        executor = excluded.executor, qubits = excluded.qubits,
                        state = excluded.state, reason = excluded.reason
                    """,
                arguments: [qpu.name, qpu.executor, qpu.qubits, qpu.state.rawValue, qpu.reason, time]
            )
            guard let record = try Self.fetchQPU(qpu.name, db) else { throw StoreError.notFound("QPU '\(qpu.name)'") }
            return record
        }
    }

    /// Every stored QPU, by name.
    public func qpus() throws -> [QPURecord] {
        try self.read("qpus") { db in
            try SQLRow.fetchAll(db, sql: "SELECT \(Self.qpuColumns) FROM qpus ORDER BY name").map(Self.qpuRecord)
        }
    }

    /// The QPU with this name, or nil.
    public func qpu(named name: String) throws -> QPURecord? {
        try self.read("qpu") { db in try Self.fetchQPU(name, db) }
    }

    /// Sets a QPU's availability and the reason shown for it (nil clears it).
    ///
    /// - Throws: `StoreError` `.notFound` for an unknown QPU.
    public func setQPUState(_ name: String, state: QPUState, reason: String?) async throws {
        try await self.write("setQPUState") { db in
            try db.execute(
                sql: "UPDATE qpus SET state = ?, reason = ? WHERE name = ?",
                arguments: [state.rawValue, reason, name]
            )
            guard db.changesCount == 1 else { throw StoreError.notFound("QPU '\(name)'") }
        }
    }

    /// Stores the hash of a QPU's new access token (nil revokes it).
    ///
    /// - Throws: `StoreError` `.notFound` for an unknown QPU.
    public func setTokenHash(_ hash: String?, ofQPU name: String) async throws {
        try await self.write("setTokenHash") { db in
            try db.execute(sql: "UPDATE qpus SET token_hash = ? WHERE name = ?", arguments: [hash, name])
            guard db.changesCount == 1 else { throw StoreError.notFound("QPU '\(name)'") }
        }
    }

    /// Deletes a QPU, freeing its ports. Jobs keep the name they ran on.
    ///
    /// - Returns: false if there was no such QPU.
    @discardableResult
    public func deleteQPU(_ name: String) async throws -> Bool {
        try await self.write("deleteQPU") { db in
            try db.execute(sql: "DELETE FROM qpus WHERE name = ?", arguments: [name])
            return db.changesCount == 1
        }
    }

    /// Gives the QPU a dispatch port and a result port from `range`, both unused by any
    /// other QPU, and returns them; a QPU that has ports keeps them (and gets them back).
    ///
    /// Race-free: the schema's UNIQUE constraints and trigger refuse a port that another
    /// QPU holds, and a refused pick is retried with the next free ports.
    ///
    /// - Throws: `StoreError` `.exhausted` when fewer than two ports of `range` are free,
    ///   `.notFound` for an unknown QPU.
    public func allocatePorts(
        for name: String, range: ClosedRange<Int>, reserving reserved: Set<Int> = []
    ) async throws -> (dispatch: Int, result: Int) {
        try await self.write("allocatePorts") { db in
            try PortAllocator(qpu: name, range: range, reserved: reserved).allocate(db)
        }
    }

    private static let qpuColumns =
        "name, executor, qubits, state, reason, dispatch_port, result_port, token_hash, created_at"

    private static func fetchQPU(_ name: String, _ db: any SQLConnection) throws -> QPURecord? {
        try SQLRow.fetchOne(db, sql: "SELECT \(Self.qpuColumns) FROM qpus WHERE name = ?", arguments: [name])
            .map(Self.qpuRecord)
    }

    private static func qpuRecord(_ row: SQLRow) throws -> QPURecord {
        let name: String = try row.decode(atIndex: 0)
        let stateText: String = try row.decode(atIndex: 3)
        guard let state = QPUState(rawValue: stateText) else {
            throw StoreError.corruptRow("QPU '\(name)''s state", stateText)
        }
        return try QPURecord(
            qpu: QPU(
                name: name,
                executor: row.decode(atIndex: 1),
                qubits: row.decode(atIndex: 2),
                state: state,
                reason: row.decode(atIndex: 4)
            ),
            dispatchPort: row.decode(atIndex: 5),
            resultPort: row.decode(atIndex: 6),
            tokenHash: row.decode(atIndex: 7),
            createdAt: row.decode(atIndex: 8)
        )
    }
}
