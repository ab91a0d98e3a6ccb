internal import Foundation
internal import QPICore

extension JobFilter {
    /// The filter as a ` WHERE …` clause over `jobs` (empty when it selects everything)
    /// and its arguments; order and limit are left to the caller.
    func sqlConditions(operation: String, dialect: SQLDialect) throws -> (String, SQLArguments) {
        var clauses: [String] = []
        var arguments: SQLArguments = []
        func matchAny(_ column: String, _ values: [some Encodable], integers: Bool = false) throws {
            // One JSON parameter rather than one per value: lists of any length fit.
            clauses.append("\(column) IN (\(dialect.jsonArrayElements(integers: integers)))")
            arguments += [String(decoding: try JSONEncoder().encode(values), as: UTF8.self)]
        }
        do {
            if let ids = self.ids { try matchAny("id", ids, integers: true) }
            if let references = self.references {
                let whole = references.filter { $0.taskID == nil }.map(\.jobID)
                let tasks = references.compactMap { reference in reference.taskID.map { [reference.jobID, Int64($0)] } }
                let ids = dialect.jsonArrayElements(integers: true)
                clauses.append(
                    "(id IN (\(ids)) OR array_job_id IN (\(ids)) OR EXISTS (\(dialect.jsonPairs) "
                        + "WHERE array_job_id = pair.first AND array_task_id = pair.second))")
                let wholeList = String(decoding: try JSONEncoder().encode(whole), as: UTF8.self)
                arguments += [wholeList, wholeList, String(decoding: try JSONEncoder().encode(tasks), as: UTF8.self)]
            }
            if let users = self.users { try matchAny("\"user\"", users) }
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
