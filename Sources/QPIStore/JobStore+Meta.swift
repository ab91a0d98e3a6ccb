internal import GRDB

extension JobStore {
    /// Reserves `count` dispatch ids that no earlier reservation handed out, even across
    /// restarts. The controller takes a block and hands ids out from memory; ids of a
    /// block unused at a crash are skipped, never reused, so a late result can never be
    /// mistaken for a newer dispatch's.
    ///
    /// - Throws: `StoreError` `.invalidArgument` if `count` is below 1.
    public func reserveDispatchIDs(_ count: Int) async throws -> ClosedRange<Int64> {
        guard count >= 1 else {
            throw StoreError(
                code: .invalidArgument,
                message: "cannot reserve \(count) dispatch ids: expected 1 or more",
                operation: "reserveDispatchIDs"
            )
        }
        return try await self.write("reserveDispatchIDs") { db in
            let next = try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'next_dispatch_id'") ?? 1
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES ('next_dispatch_id', ?) "
                    + "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                arguments: [next + Int64(count)]
            )
            return next...(next + Int64(count) - 1)
        }
    }
}
