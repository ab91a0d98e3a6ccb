internal import Foundation
internal import QPICore

/// Reading jobs from `jobs` rows. Columns are read by position, in `Job.columns` order,
/// because startup decodes the whole active queue and name lookups would dominate.
extension Job {
    /// The `jobs` columns that make a `Job`, in the order `init(row:)` reads them.
    static let columns = """
        id, name, "user", uid, state, reason, requested_qpu, qpu, shots, circuit_count, qubits, \
        time_limit_seconds, seed, submit_time, start_time, end_time, requeue_count, dispatch_id, \
        message, qpu_seconds, priority, dependency, begin_time, comment, executor_options, \
        mail_type, mail_user, notify_url, notify_status, array_job_id, array_task_id, array_task_limit
        """

    init(row: SQLRow) throws {
        let id: Int64 = try row.decode(atIndex: 0)
        let stateText: String = try row.decode(atIndex: 4)
        guard let state = JobState(rawValue: stateText) else {
            throw StoreError.corruptRow("job \(id)'s state", stateText)
        }
        let reasonText: String? = try row.decode(atIndex: 5)
        let reason = try reasonText.map { text in
            guard let reason = PendingReason(rawValue: text) else {
                throw StoreError.corruptRow("job \(id)'s pending reason", text)
            }
            return reason
        }
        let seed: Int64? = try row.decode(atIndex: 12)
        let uid: Int64 = try row.decode(atIndex: 3)
        let dependencyText: String? = try row.decode(atIndex: 21)
        let dependency = try dependencyText.map { text in
            do {
                return try JobDependency(parsing: text)
            } catch {
                throw StoreError.corruptRow("job \(id)'s dependency", text)
            }
        }
        let executorOptionsText: String? = try row.decode(atIndex: 24)
        var executorOptions: [String: String] = [:]
        if let text = executorOptionsText {
            guard let decoded = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)) else {
                throw StoreError.corruptRow("job \(id)'s executor options", text)
            }
            executorOptions = decoded
        }
        // Read apart from the initializer: one more generic decode inside it is more than
        // the type checker solves in reasonable time.
        let beginTime: Double? = try row.decode(atIndex: 22)
        let comment: String? = try row.decode(atIndex: 23)
        let mailType: String? = try row.decode(atIndex: 25)
        let mailUser: String? = try row.decode(atIndex: 26)
        let notifyURL: String? = try row.decode(atIndex: 27)
        let notifyStatus: String? = try row.decode(atIndex: 28)
        let arrayJobID: Int64? = try row.decode(atIndex: 29)
        let arrayTaskID: Int? = try row.decode(atIndex: 30)
        let arrayTaskLimit: Int? = try row.decode(atIndex: 31)
        let array = arrayJobID.map { JobArrayTask(arrayJobID: $0, taskID: arrayTaskID ?? 0, limit: arrayTaskLimit) }
        try self.init(
            id: id,
            name: row.decode(atIndex: 1),
            user: row.decode(atIndex: 2),
            uid: UInt32(truncatingIfNeeded: uid),
            state: state,
            reason: reason,
            // Held is stored as the pending reason only.
            held: reason == .held,
            requestedQPU: row.decode(atIndex: 6),
            qpu: row.decode(atIndex: 7),
            shots: row.decode(atIndex: 8),
            circuitCount: row.decode(atIndex: 9),
            qubits: row.decode(atIndex: 10),
            timeLimitSeconds: row.decode(atIndex: 11),
            // SQLite integers are signed: seeds are stored as their bit pattern.
            seed: seed.map { UInt64(bitPattern: $0) },
            submitTime: row.decode(atIndex: 13),
            startTime: row.decode(atIndex: 14),
            endTime: row.decode(atIndex: 15),
            requeueCount: row.decode(atIndex: 16),
            dispatchID: row.decode(atIndex: 17),
            message: row.decode(atIndex: 18),
            qpuSeconds: row.decode(atIndex: 19),
            priority: row.decode(atIndex: 20),
            dependency: dependency,
            beginTime: beginTime,
            comment: comment,
            executorOptions: executorOptions,
            mailType: mailType,
            mailUser: mailUser,
            notifyURL: notifyURL,
            notifyStatus: notifyStatus,
            array: array
        )
    }

    /// The `executor_options` column for `options`: a JSON object, NULL when empty.
    static func executorOptionsColumn(_ options: [String: String]) -> String? {
        guard !options.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Encoding a dictionary of strings cannot fail.
        return (try? encoder.encode(options)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every job that `sql` (selecting `Job.columns`) returns, in its order.
    static func fetchAll(_ db: any SQLConnection, sql: String, arguments: SQLArguments = []) throws -> [Job] {
        try db.fetchAll(sql: sql, arguments: arguments).map(Job.init(row:))
    }
}
