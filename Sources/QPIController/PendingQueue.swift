import QPICore

/// Pending jobs in FIFO order (submission time, then id), one lane per requested QPU and
/// one for jobs that take any QPU, so a scheduling pass reads the front of each lane
/// instead of every pending job.
///
/// Entries are removed lazily: a job that was dispatched or cancelled stays in its lane
/// until a pass walks past it. Held jobs are not queued until released.
struct PendingQueue {
    private struct Entry {
        var id: JobID
        var submitTime: Double
    }

    private var lanes: [String?: [Entry]] = [:]
    /// Index of the first entry of each lane that may still be pending.
    private var starts: [String?: Int] = [:]

    /// Queues `job` in its lane at its FIFO position.
    mutating func insert(_ job: Job) {
        let entry = Entry(id: job.id, submitTime: job.submitTime)
        var lane = self.lanes[job.requestedQPU, default: []]
        if let last = lane.last, (last.submitTime, last.id) > (entry.submitTime, entry.id) {
            // A requeued job goes back to its place; rare, so a linear insert is fine.
            let start = self.starts[job.requestedQPU, default: 0]
            let index =
                lane[start...].firstIndex { ($0.submitTime, $0.id) > (entry.submitTime, entry.id) } ?? lane.endIndex
            lane.insert(entry, at: index)
        } else {
            lane.append(entry)
        }
        self.lanes[job.requestedQPU] = lane
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
