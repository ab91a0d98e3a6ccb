internal import Foundation
internal import GRDB
internal import QPICore

extension JobFilter {
    /// The filter as a ` WHERE …` clause over `jobs` (empty when it selects everything)
    /// and its arguments; order and limit are left to the caller.
    func sqlConditions(operation: String) throws -> (String, StatementArguments) {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        func matchAny(_ column: String, _ values: [some Encodable]) throws {
            // One JSON parameter rather than one per value: lists of any length fit.
            clauses.append("\(column) IN (SELECT value FROM json_each(?))")
            arguments += [String(decoding: try JSONEncoder().encode(values), as: UTF8.self)]
        }
        do {
            if let ids = self.ids { try matchAny("id", ids) }
            if let references = self.references {
                let whole = references.filter { $0.taskID == nil }.map(\.jobID)
                let tasks = references.compactMap { reference in reference.taskID.map { [reference.jobID, Int64($0)] } }
                clauses.append(
                    """
                    (id IN (SELECT value FROM json_each(?)) OR array_job_id IN (SELECT value FROM json_each(?))
                        OR EXISTS (SELECT 1 FROM json_each(?) AS task
                            WHERE array_job_id = json_extract(task.value, '$[0]') AND array_task_id = json_extract(task.value, '$[1]')))
                    """)
                let wholeList = String(decoding: try JSONEncoder().encode(whole), as: UTF8.self)
                arguments += [wholeList, wholeList, String(decoding: try JSONEncoder().encode(tasks), as: UTF8.self)]
            }
            if let users = self.users { try matchAny("user", users) }
            if let states = self.states { try matchAny("state", states.map(\.rawValue).sorted()) }
            if let qpus = self.qpus { try matchAny("COALESCE(qpu, requested_qpu)", qpus) }
            if let names = self.names { try matchAny("name", names) }
        } catch {
            throw StoreError.wrapping(error, operation: operation)
        }
        if let since = self.activeSince {
            clauses.append("(end_time IS NULL OR end_time >= ?)")
            arguments += [since]
        }
        if let by = self.submittedBy {
            clauses.append("submit_time <= ?")
            arguments += [by]
        }
        if let below = self.idBelow {
            clauses.append("id < ?")
            arguments += [below]
        }
        if let above = self.idAbove {
            clauses.append("id > ?")
            arguments += [above]
        }
        return (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "), arguments)
    }
}
