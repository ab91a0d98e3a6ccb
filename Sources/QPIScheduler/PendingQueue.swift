import QPICore

/// Pending jobs indexed so that a scheduling pass reads a bounded front of the queue
/// instead of every pending job.
///
/// Two indexes, each made of FIFO lanes (submission time, then id):
/// - by requested QPU (or none) and priority: the front of these lanes holds the jobs the
///   priority order would start first, and a job waiting for a busy QPU does not hide
///   jobs that could use another;
/// - by user: a slot's booker's oldest jobs are found however many jobs of others are
///   queued before them.
///
/// Entries are removed lazily: a job that was dispatched or cancelled stays in its lanes
/// until a pass walks past it. Held jobs are not queued until released.
public struct PendingQueue: Sendable {
    fileprivate struct Entry: Sendable {
        var id: JobID
        var submitTime: Double
    }

    private struct Lane: Hashable, Sendable {
        var qpu: String?
        var priority: Int
    }

    /// FIFO lanes with lazy removal at the front.
    private struct Lanes<Key: Hashable & Sendable>: Sendable {
        var entries: [Key: [Entry]] = [:]
        /// Index of the first entry of each lane that may still be pending.
        var starts: [Key: Int] = [:]

        mutating func insert(_ entry: Entry, in key: Key) {
            // Mutated in place: copying the lane out would copy it on every insert.
            let start = self.starts[key, default: 0]
            self.entries[key, default: []].insertInOrder(entry, from: start)
        }

        mutating func front(_ key: Key, limit: Int, classify: (JobID) -> Disposition, into result: inout [JobID]) {
            guard let lane = self.entries[key] else { return }
            var start = self.starts[key, default: 0]
            while start < lane.count, classify(lane[start].id) == .gone { start += 1 }
            var taken = 0
            var index = start
            let end = min(lane.count, start + PendingQueue.scanLimit)
            while index < end, taken < limit {
                if classify(lane[index].id) == .take {
                    result.append(lane[index].id)
                    taken += 1
                }
                index += 1
            }
            if start == lane.count {
                self.entries[key] = nil
                self.starts[key] = nil
                return
            }
            if start > 4_096 && start * 2 > lane.count {
                self.entries[key]?.removeFirst(start)
                start = 0
            }
            self.starts[key] = start
        }
    }

    private var lanes = Lanes<Lane>()
    private var users = Lanes<String>()

    public init() {}

    /// Queues `job` at its FIFO position in its lanes.
    public mutating func insert(_ job: Job) {
        let entry = Entry(id: job.id, submitTime: job.submitTime)
        self.lanes.insert(entry, in: Lane(qpu: job.requestedQPU, priority: job.priority))
        self.users.insert(entry, in: job.user)
    }

    /// What a pass does with a queued job.
    public enum Disposition: Sendable {
        /// Hand it to the scheduler.
        case take
        /// Pass over it this time (it waits on something the caller knows about), without
        /// counting it against the lane's limit.
        case wait
        /// It left the queue (dispatched, cancelled, held): drop its entry.
        case gone
    }

    /// Entries a pass walks per lane at most, so a long run of waiting jobs at a lane's
    /// front costs a bounded time.
    static let scanLimit = 20_000

    /// The jobs a pass with `freeQPUs` free should consider, in FIFO order per lane: only as
    /// deep as each lane can be served. A lane of jobs that asked for a free QPU can start one
    /// job, so it is read as deep as for one free QPU; a lane that takes any QPU, as deep as
    /// for all of them. A lane of jobs that asked for a QPU that is not free gives only its
    /// first job, which then learns why it waits (Resources or QPUDown, as Slurm names the
    /// job next in line); the jobs behind it keep their last reason. Entries at the front that
    /// are gone are dropped for good. A job may appear more than once if it was queued again
    /// while an older entry of it was still in a lane.
    public mutating func front(freeQPUs: Set<String>, classify: (JobID) -> Disposition) -> [JobID] {
        var result: [JobID] = []
        let anyQPU = Self.window(freeQPUs: freeQPUs.count)
        let oneQPU = Self.window(freeQPUs: 1)
        for key in Array(self.lanes.entries.keys) {
            let limit: Int
            if let qpu = key.qpu {
                limit = freeQPUs.contains(qpu) ? oneQPU : 1
            } else {
                limit = anyQPU
            }
            self.lanes.front(key, limit: limit, classify: classify, into: &result)
        }
        return result
    }

    /// Up to `limit` of `user`'s oldest jobs to take.
    public mutating func front(ofUser user: String, limit: Int, classify: (JobID) -> Disposition) -> [JobID] {
        var result: [JobID] = []
        self.users.front(user, limit: limit, classify: classify, into: &result)
        return result
    }

    /// Jobs per lane a pass reads. A pass starts at most one job per free QPU and a lane's
    /// later jobs wait behind its front, so a few more than the free QPUs (for jobs that
    /// wait on a dependency) is enough: a pass then costs the same with 100 or 100,000
    /// jobs queued per lane.
    public static func window(freeQPUs: Int) -> Int {
        min(1_024, 2 * freeQPUs + 8)
    }
}

extension Array where Element == PendingQueue.Entry {
    /// Appends `entry`, or for a requeued or released job that is older than the last
    /// entry, inserts it at its place after `start`; that is rare, so a linear insert is fine.
    fileprivate mutating func insertInOrder(_ entry: Element, from start: Int) {
        if let last = self.last, (last.submitTime, last.id) > (entry.submitTime, entry.id) {
            let index =
                self[start...].firstIndex { ($0.submitTime, $0.id) > (entry.submitTime, entry.id) } ?? self.endIndex
            self.insert(entry, at: index)
        } else {
            self.append(entry)
        }
    }
}
