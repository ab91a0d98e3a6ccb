public import QPICore

/// What the store knows about a QPU's credentials.
public struct QPUCredentials: Sendable, Hashable {
    /// Created by `qctl qpu create` (its node uses a token over TLS), not declared in qpi.conf.
    public var registered: Bool
    public var tokenHash: String?
    /// The hash the last rotation replaced.
    public var previousTokenHash: String?

    public init(registered: Bool, tokenHash: String?, previousTokenHash: String?) {
        self.registered = registered
        self.tokenHash = tokenHash
        self.previousTokenHash = previousTokenHash
    }
}

extension JobStore {
    /// Registers a new QPU with its token hash and two ports of `range`, in one transaction:
    /// either all of it is stored or nothing is.
    ///
    /// - Throws: `StoreError` `.conflict` when a QPU of that name exists, `.exhausted` when
    ///   `range` has fewer than two free ports.
    public func registerQPU(
        _ qpu: QPU, tokenHash: String, range: ClosedRange<Int>, reserving reserved: Set<Int> = [], time: Double
    ) async throws -> QPURecord {
        try await self.write("registerQPU") { db in
            guard try SQLRow.fetchOne(db, sql: "SELECT 1 FROM qpus WHERE name = ?", arguments: [qpu.name]) == nil else {
                throw StoreError(code: .conflict, message: "a QPU named '\(qpu.name)' already exists")
            }
            try db.execute(
                sql: """
                    INSERT INTO qpus (name, executor, qubits, state, reason, token_hash, created_at, registered)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 1)
                    """,
                arguments: [qpu.name, qpu.executor, qpu.qubits, qpu.state.rawValue, qpu.reason, tokenHash, time]
            )
            let ports = try PortAllocator(qpu: qpu.name, range: range, reserved: reserved).allocate(db)
            return QPURecord(
                qpu: qpu, dispatchPort: ports.dispatch, resultPort: ports.result, tokenHash: tokenHash,
                createdAt: time)
        }
    }

    /// Replaces a QPU's token hash, keeping the replaced one to recognise a rotated token.
    ///
    /// - Throws: `StoreError` `.notFound` for an unknown QPU.
    public func rotateTokenHash(ofQPU name: String, to hash: String) async throws {
        try await self.write("rotateTokenHash") { db in
            try db.execute(
                sql: "UPDATE qpus SET previous_token_hash = token_hash, token_hash = ? WHERE name = ?",
                arguments: [hash, name]
            )
            guard db.changesCount == 1 else { throw StoreError.notFound("QPU '\(name)'") }
        }
    }

    /// The QPU's credentials, or nil for an unknown QPU.
    public func credentials(ofQPU name: String) throws -> QPUCredentials? {
        try self.read("credentials") { db in
            try SQLRow.fetchOne(
                db, sql: "SELECT registered, token_hash, previous_token_hash FROM qpus WHERE name = ?",
                arguments: [name]
            ).map { row in
                QPUCredentials(
                    registered: try row.decode(atIndex: 0), tokenHash: try row.decode(atIndex: 1),
                    previousTokenHash: try row.decode(atIndex: 2))
            }
        }
    }

    /// The names of the QPUs registered by `qctl qpu create`.
    public func registeredQPUNames() throws -> [String] {
        try self.read("registeredQPUNames") { db in
            try String.fetchAll(db, sql: "SELECT name FROM qpus WHERE registered = 1 ORDER BY name")
        }
    }
}
