/// Picks a QPU's two ports inside the writer's transaction.
///
/// Ports in `reserved` (the controller's own command and HTTP ports, which the default
/// PortRange 6000-7000 contains) are never handed out.
///
/// The pick reads the ports in use and takes the lowest two free ones; the UPDATE is what
/// decides, through the schema's UNIQUE constraints and trigger. A conflict (a port taken
/// by a writer the read did not see, such as another process) excludes that pick and
/// tries again, a bounded number of times.
struct PortAllocator {
    let qpu: String
    let range: ClosedRange<Int>
    var reserved: Set<Int> = []
    var maxAttempts = 8

    func allocate(_ db: any SQLConnection) throws -> (dispatch: Int, result: Int) {
        let row = try SQLRow.fetchOne(
            db,
            sql: "SELECT dispatch_port, result_port FROM qpus WHERE name = ?",
            arguments: [self.qpu]
        )
        guard let row else { throw StoreError.notFound("QPU '\(self.qpu)'") }
        let current: (dispatch: Int?, result: Int?) = try (row.decode(atIndex: 0), row.decode(atIndex: 1))
        if let dispatch = current.dispatch, let result = current.result {
            return (dispatch, result)
        }
        var refused: Set<Int> = []
        for _ in 0..<self.maxAttempts {
            let used = try Set(
                Int.fetchAll(
                    db,
                    sql: """
                        SELECT dispatch_port FROM qpus WHERE dispatch_port BETWEEN ?1 AND ?2
                        UNION SELECT result_port FROM qpus WHERE result_port BETWEEN ?1 AND ?2
                        """,
                    arguments: [self.range.lowerBound, self.range.upperBound]
                )
            ).union(refused).union(self.reserved)
            let free = Array(self.range.lazy.filter { !used.contains($0) }.prefix(2))
            guard free.count == 2 else { throw self.exhausted(used: used.count) }
            let (dispatch, result) = (free[0], free[1])
            do {
                // Its own savepoint: a refused update must leave the transaction usable.
                try db.inSavepoint {
                    try db.execute(
                        sql: "UPDATE qpus SET dispatch_port = ?, result_port = ? WHERE name = ?",
                        arguments: [dispatch, result, self.qpu]
                    )
                }
                return (dispatch, result)
            } catch let error where [.conflict, .constraint].contains(StoreError.wrapping(error, operation: "").code) {
                refused.formUnion([dispatch, result])
            }
        }
        throw StoreError(
            code: .conflict,
            message: "ports for QPU '\(self.qpu)' were taken \(self.maxAttempts) times in a row in "
                + "\(self.range.lowerBound)-\(self.range.upperBound); another process is allocating the same range"
        )
    }

    private func exhausted(used: Int) -> StoreError {
        StoreError(
            code: .exhausted,
            message: "no two free ports left for QPU '\(self.qpu)' in PortRange "
                + "\(self.range.lowerBound)-\(self.range.upperBound) (\(used) of \(self.range.count) in use); "
                + "widen PortRange or delete unused QPUs"
        )
    }
}
