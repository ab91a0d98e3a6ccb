import QPICore

/// Pending jobs in FIFO order (submission time, then id), one lane per user, requested
/// QPU (or none) and priority, so a scheduling pass reads the front of each lane instead
/// of every pending job. Lanes are per user so that a slot's booker's jobs are always
/// seen, however many jobs of others are queued before them; and per priority so that
/// the front of the lanes holds the jobs the priority order would start first.
///
/// Entries are removed lazily: a job that was dispatched or cancelled stays in its lane
/// until a pass walks past it. Held jobs are not queued until released.
struct PendingQueue {
    private struct Entry {
        var id: JobID
        var submitTime: Double
    }

    struct Lane: Hashable {
        var user: String
        var qpu: String?
        var priority: Int
        init(_ job: Job) {
            self.user = job.user
            self.qpu = job.requestedQPU
            self.priority = job.priority
        }
    }

    private var lanes: [Lane: [Entry]] = [:]
    /// Index of the first entry of each lane that may still be pending.
    private var starts: [Lane: Int] = [:]

    /// Queues `job` in its lane at its FIFO position.
    mutating func insert(_ job: Job) {
        let entry = Entry(id: job.id, submitTime: job.submitTime)
        let key = Lane(job)
        var lane = self.lanes[key, default: []]
        if let last = lane.last, (last.submitTime, last.id) > (entry.submitTime, entry.id) {
            // A requeued job goes back to its place; rare, so a linear insert is fine.
            let start = self.starts[key, default: 0]
            let index =
                lane[start...].firstIndex { ($0.submitTime, $0.id) > (entry.submitTime, entry.id) } ?? lane.endIndex
            lane.insert(entry, at: index)
        } else {
            lane.append(entry)
        }
        self.lanes[key] = lane
    }

    /// Up to `limit` jobs from the front of every lane for which `isQueued` holds, in FIFO
    /// order per lane. Entries at the front that no longer qualify are dropped for good.
    mutating func front(limit: Int, isQueued: (JobID) -> Bool) -> [JobID] {
        var result: [JobID] = []
        for key in Array(self.lanes.keys) {
            guard var lane = self.lanes[key] else { continue }
            var start = self.starts[key, default: 0]
            while start < lane.count, !isQueued(lane[start].id) { start += 1 }
            var taken = 0
            var index = start
            while index < lane.count, taken < limit {
                if isQueued(lane[index].id) {
                    result.append(lane[index].id)
                    taken += 1
                }
                index += 1
            }
            if start > 4_096 && start * 2 > lane.count {
                lane.removeFirst(start)
                start = 0
                self.lanes[key] = lane
            }
            self.starts[key] = start
        }
        return result
    }
}
