internal import Foundation
public import QPICore

extension JobStore {
    /// Stores one telemetry event of `qpu`; returns its id.
    @discardableResult
    public func appendTelemetry(qpu: String, time: Double, kind: String, data: [String: Double]) async throws -> Int64 {
        let text = try Self.encodeTelemetry(data)
        return try await self.write("appendTelemetry") { db in
            try db.insertReturningID(
                sql: "INSERT INTO qpu_telemetry (qpu, time, kind, data) VALUES (?, ?, ?, ?) RETURNING id",
                arguments: [qpu, time, kind, text])
        }
    }

    /// `qpu`'s events, newest first: of `kind` only when given, at or after `since`, at
    /// most `limit`.
    public func telemetry(qpu: String, kind: String? = nil, since: Double? = nil, limit: Int) throws
        -> [TelemetryRecord]
    {
        try self.read("telemetry") { db in
            var sql = "SELECT id, qpu, time, kind, data FROM qpu_telemetry WHERE qpu = ?"
            var arguments: SQLArguments = [qpu]
            if let kind {
                sql += " AND kind = ?"
                arguments += [kind]
            }
            if let since {
                sql += " AND time >= ?"
                arguments += [since]
            }
            sql += " ORDER BY time DESC, id DESC LIMIT ?"
            arguments += [limit]
            return try SQLRow.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let text: String = try row.decode(atIndex: 4)
                return TelemetryRecord(
                    id: try row.decode(atIndex: 0), qpu: try row.decode(atIndex: 1), time: try row.decode(atIndex: 2),
                    kind: try row.decode(atIndex: 3), data: try Self.decodeTelemetry(text))
            }
        }
    }

    /// Deletes events older than `cutoff` (seconds since the epoch); returns how many.
    @discardableResult
    public func purgeTelemetry(before cutoff: Double) async throws -> Int {
        try await self.write("purgeTelemetry") { db in
            try db.execute(sql: "DELETE FROM qpu_telemetry WHERE time < ?", arguments: [cutoff])
            return db.changesCount
        }
    }

    private static func encodeTelemetry(_ data: [String: Double]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        do {
            return String(decoding: try encoder.encode(data), as: UTF8.self)
        } catch {
            throw StoreError(code: .invalidArgument, message: "telemetry values cannot be stored: \(error)")
        }
    }

    private static func decodeTelemetry(_ text: String) throws -> [String: Double] {
        do {
            return try JSONDecoder().decode([String: Double].self, from: Data(text.utf8))
        } catch {
            throw StoreError.corruptRow("telemetry data", text)
        }
    }
}
