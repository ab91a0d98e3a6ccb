import QPICore

/// The controller's pending and running jobs by id, with their ids also kept in ascending
/// order, so a listing page (`qstat`, `GET /api/jobs`) starts by binary search and reads only
/// the jobs it returns instead of sorting the whole queue per request.
///
/// Ids only grow at submission, so a new job is appended; a job that leaves keeps its place in
/// the order until departed ids outnumber the live ones, then they are dropped in one pass. A job
/// that comes back (a requeue) finds its place again by binary search.
///
/// Jobs are held compact (``CompactJob``): no script (the store has them), the fields most
/// jobs leave unset in a box most never allocate, and the strings that jobs repeat (a user's
/// name, a QPU's, an array's job name, each decoded afresh per request) stored once
/// (``StringPool``). Reading a job builds the full `Job` from its record.
struct ActiveJobs {
    private var byID: [JobID: CompactJob] = [:]
    private var strings = StringPool()
    /// Ascending and without repeats; holds every live id and possibly some departed ones.
    private var order: [JobID] = []

    /// Live jobs in state PENDING, and those of them held, kept as jobs change, so `/healthz`,
    /// `qctl diag` and the metrics count without walking the queue.
    private(set) var pendingCount = 0
    private(set) var heldCount = 0

    var count: Int { self.byID.count }
    var values: LazyMapCollection<Dictionary<JobID, CompactJob>.Values, Job> { self.byID.values.lazy.map(\.job) }
    /// The records themselves, to filter on before building the `Job`s of those that match.
    var records: Dictionary<JobID, CompactJob>.Values { self.byID.values }

    subscript(id: JobID) -> Job? {
        get { self.byID[id]?.job }
        _modify {
            let previous = self.byID[id]
            var job = previous?.job
            let before = Tally(job)
            defer {
                let after = Tally(job)
                self.byID[id] = job.map { CompactJob($0, previous: previous, sharing: &self.strings) }
                switch (before.isLive, after.isLive) {
                case (false, true): self.arrived(id)
                case (true, false): self.departed()
                default: break
                }
                self.pendingCount += after.pending - before.pending
                self.heldCount += after.held - before.held
            }
            yield &job
        }
    }

    /// Sets the reason a pending job waits. Every pass writes the reasons of the jobs it
    /// considered, mostly unchanged, so the record is rebuilt only when the reason changes.
    mutating func setReason(_ reason: PendingReason, ofPending id: JobID) {
        guard let record = self.byID[id], record.state == .pending, record.reason != reason else { return }
        self[id]?.reason = reason
    }

    @discardableResult
    mutating func removeValue(forKey id: JobID) -> Job? {
        guard let job = self.byID.removeValue(forKey: id)?.job else { return nil }
        let gone = Tally(job)
        self.pendingCount -= gone.pending
        self.heldCount -= gone.held
        self.departed()
        return job
    }

    /// Live ids above `after` (all when nil), ascending.
    func ids(after: JobID? = nil) -> some Sequence<JobID> {
        let start = after.map { self.firstIndex(above: $0) } ?? 0
        let byID = self.byID
        return self.order[start...].lazy.filter { byID[$0] != nil }
    }

    private mutating func arrived(_ id: JobID) {
        guard let last = self.order.last, id <= last else {
            self.order.append(id)
            return
        }
        let index = self.firstIndex(above: id - 1)
        if index == self.order.endIndex || self.order[index] != id {
            self.order.insert(id, at: index)
        }
    }

    private mutating func departed() {
        // Amortized: a pass over the order for at least as many departures as it holds live ids.
        guard self.order.count > 2 * self.byID.count + 1024 else { return }
        let byID = self.byID
        self.order.removeAll { byID[$0] == nil }
    }

    /// The index of the first id in the order above `id`.
    private func firstIndex(above id: JobID) -> Int {
        var low = 0
        var high = self.order.count
        while low < high {
            let middle = (low + high) / 2
            if self.order[middle] <= id { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// What one job adds to the counts.
private struct Tally {
    let isLive: Bool
    let pending: Int
    let held: Int

    init(_ job: Job?) {
        self.isLive = job != nil
        let pending = job?.state == .pending
        self.pending = pending ? 1 : 0
        self.held = pending && job?.held == true ? 1 : 0
    }
}

/// One stored copy of each string that jobs repeat. Strings of 15 UTF-8 bytes or fewer live
/// inside the `String` value itself, so only longer ones are kept. Pooled strings are not
/// counted per use: past ``capacity`` distinct strings the pool starts over, and jobs that
/// hold the old copies keep them.
struct StringPool {
    static let capacity = 65_536
    private var strings: Set<String> = []

    /// `string`, or the equal string already pooled.
    mutating func share(_ string: String) -> String {
        guard string.utf8.count > 15 else { return string }
        if let pooled = self.strings.firstIndex(of: string) { return self.strings[pooled] }
        if self.strings.count >= Self.capacity { self.strings.removeAll(keepingCapacity: true) }
        self.strings.insert(string)
        return string
    }

    mutating func share(_ string: String?) -> String? {
        string.map { self.share($0) }
    }
}
