import QPICore
import QPIStore
import QPIWire

/// Where a page of the compact job listing starts: the listing is the live queue by id,
/// then (when asked for) finished jobs newest first, so a position is either "after this
/// live job" or "below this finished job".
enum JobRowsCursor: Equatable {
    case start
    case live(after: JobID)
    /// `below` nil: the newest finished job.
    case finished(below: JobID?)

    init(_ text: String?) throws(WireError) {
        guard let text else {
            self = .start
            return
        }
        let position = text.dropFirst()
        switch text.first {
        case "L":
            if let id = JobID(position) {
                self = .live(after: id)
                return
            }
        case "F":
            if position.isEmpty {
                self = .finished(below: nil)
                return
            }
            if let id = JobID(position) {
                self = .finished(below: id)
                return
            }
        default: break
        }
        throw WireError(.invalidArgument, "'\(text)' is not a listing position from a previous page", field: "after")
    }

    var isInFinished: Bool {
        if case .finished = self { return true }
        return false
    }

    var text: String {
        switch self {
        case .start: ""
        case .live(let id): "L\(id)"
        case .finished(let below): "F" + (below.map(String.init) ?? "")
        }
    }
}

extension ClusterController {
    /// A page of `qstat`'s listing in its compact form, with only the columns it prints.
    public func listJobRows(_ request: ListJobRowsRequest, by caller: Caller) async throws(WireError)
        -> ListJobRowsRequest.Response
    {
        guard let query = self.visibleQuery(request.query, to: caller) else {
            return .init(rows: JobRows(fields: request.fields, text: "", count: 0), next: nil)
        }
        return try await self.listJobRows(
            query, fields: request.fields, after: request.after, folds: request.expandArrays != true)
    }

    /// A listing's page size, when given, is at least one line: `qstat` and `qacct` page alike.
    static func checkPageLimit(_ limit: Int?) throws(WireError) {
        if let limit, limit < 1 {
            throw WireError(.invalidArgument, "limit must be positive, got \(limit)", field: "limit")
        }
    }

    func listJobRows(_ query: JobQuery, fields letters: String, after: String?, folds: Bool = true)
        async throws(WireError)
        -> ListJobRowsRequest.Response
    {
        var fields: [JobField] = []
        for letter in letters {
            guard let field = JobField.byLetter[letter] else {
                throw WireError(.invalidArgument, "unknown listing field '\(letter)'", field: "fields")
            }
            fields.append(field)
        }
        guard !fields.isEmpty else { throw WireError(.invalidArgument, "name at least one field", field: "fields") }
        try Self.checkPageLimit(query.limit)
        let cursor = try JobRowsCursor(after)
        let limit = query.limit ?? .max
        var filter = Self.filter(for: query)
        var rows = JobRows.Builder(fields: fields, now: self.now())

        let storedStates = Self.storedStates(for: query)
        // Only for telling live and finished apart when both are listed.
        var listed = Set<JobID>()
        if !cursor.isInFinished {
            var after: JobID?
            if case .live(let id) = cursor { after = id }
            var last: JobID?
            // Pending tasks of one array in a row, not yet appended.
            var fold: (job: Job, tasks: [Int], lastID: JobID)?
            for id in self.active.ids(after: after) {
                guard let job = self.active[id], filter.matches(job) else { continue }
                if storedStates != nil { listed.insert(id) }
                let foldable = folds && job.state == .pending && job.array != nil
                if let current = fold, foldable, current.job.array?.arrayJobID == job.array?.arrayJobID {
                    fold?.tasks.append(job.array?.taskID ?? 0)
                    fold?.lastID = id
                    continue
                }
                if let current = fold {
                    rows.append(current.job, foldedTasks: current.tasks.count > 1 ? current.tasks : nil)
                    last = current.lastID
                    fold = nil
                }
                // The limit is at least 1, so a full page has a last job.
                if rows.count == limit, let last {
                    return .init(rows: rows.rows, next: JobRowsCursor.live(after: last).text)
                }
                if foldable {
                    fold = (job, [job.array?.taskID ?? 0], id)
                } else {
                    rows.append(job)
                    last = id
                }
            }
            if let current = fold {
                rows.append(current.job, foldedTasks: current.tasks.count > 1 ? current.tasks : nil)
            }
        }

        guard let storedStates else { return .init(rows: rows.rows, next: nil) }
        filter.states = storedStates
        filter.order = .idDescending
        if case .finished(let below) = cursor { filter.idBelow = below }
        let room = limit - rows.count
        filter.limit = room == .max ? nil : room + 1
        let wanted = filter
        // A job that ended while the store was read is listed once, as it was live.
        let finished = try await self.readStore("finished jobs") { try $0.jobs(matching: wanted) }
            .filter { !listed.contains($0.id) && self.active[$0.id] == nil }
        for job in finished.prefix(room) { rows.append(job) }
        guard finished.count > room else { return .init(rows: rows.rows, next: nil) }
        let next: JobRowsCursor = room == 0 ? .finished(below: nil) : .finished(below: finished[room - 1].id)
        return .init(rows: rows.rows, next: next.text)
    }
}
