import QPICore

/// A live job as ``ActiveJobs`` holds it: what the scheduler and listings read of every job
/// inline, the rest (mail, webhooks, comments, dependencies, arrays, executor options, a
/// requeued job's past) in one shared box that most jobs never allocate. A `Job` is about
/// 380 bytes; this is under half of that, which with 100,000 jobs queued is some 30 MB.
///
/// Missing times and dispatch ids are stored as NaN and 0 (dispatch ids start at 1), so
/// they cost no optional's tag and padding.
struct CompactJob {
    /// The fields most jobs leave unset.
    struct Rare: Hashable {
        var seed: UInt64?
        var endTime: Double?
        var requeueCount = 0
        var message: String?
        var qpuSeconds = 0.0
        var dependency: JobDependency?
        var beginTime: Double?
        var comment: String?
        var executorOptions: [String: String] = [:]
        var mailType: String?
        var mailUser: String?
        var notifyURL: String?
        var notifyStatus: String?
        var array: JobArrayTask?

        static let none = Rare()
    }

    /// Immutable once made, so jobs can share it; a change makes a new one.
    final class RareBox: Sendable {
        let rare: Rare
        init(_ rare: Rare) { self.rare = rare }
    }

    let id: JobID
    let name: String
    let user: String
    let requestedQPU: String?
    let qpu: String?
    let shots: Int
    let circuitCount: Int
    let qubits: Int
    let timeLimitSeconds: Int
    let priority: Int
    let submitTime: Double
    /// NaN for none (``startTime``).
    private let startStamp: Double
    /// 0 for none (``dispatchID``).
    private let dispatchStamp: Int64
    let uid: UInt32
    let state: JobState
    let reason: PendingReason?
    let held: Bool
    let rare: RareBox?

    /// `job` made compact. Strings it repeats come from `pool`; with `previous` (the same job
    /// before a change), what did not change is kept as it was, box and strings alike.
    init(_ job: Job, previous: CompactJob? = nil, sharing pool: inout StringPool) {
        func share(_ new: String?, _ old: String?) -> String? {
            // Equal strings that share storage compare in constant time: an unchanged field costs nothing.
            new == old ? old : pool.share(new)
        }
        self.id = job.id
        self.name = share(job.name, previous?.name) ?? job.name
        self.user = share(job.user, previous?.user) ?? job.user
        self.requestedQPU = share(job.requestedQPU, previous?.requestedQPU)
        self.qpu = share(job.qpu, previous?.qpu)
        self.shots = job.shots
        self.circuitCount = job.circuitCount
        self.qubits = job.qubits
        self.timeLimitSeconds = job.timeLimitSeconds
        self.priority = job.priority
        self.submitTime = job.submitTime
        self.startStamp = job.startTime ?? .nan
        self.dispatchStamp = job.dispatchID ?? 0
        self.uid = job.uid
        self.state = job.state
        self.reason = job.reason
        self.held = job.held
        let old = previous?.rare?.rare
        let rare = Rare(
            seed: job.seed, endTime: job.endTime, requeueCount: job.requeueCount, message: job.message,
            qpuSeconds: job.qpuSeconds, dependency: job.dependency, beginTime: job.beginTime,
            comment: share(job.comment, old?.comment), executorOptions: job.executorOptions, mailType: job.mailType,
            mailUser: share(job.mailUser, old?.mailUser), notifyURL: share(job.notifyURL, old?.notifyURL),
            notifyStatus: job.notifyStatus, array: job.array)
        if rare == .none {
            self.rare = nil
        } else if rare == old {
            self.rare = previous?.rare
        } else {
            self.rare = RareBox(rare)
        }
    }

    var startTime: Double? { self.startStamp.isNaN ? nil : self.startStamp }

    var dispatchID: Int64? { self.dispatchStamp == 0 ? nil : self.dispatchStamp }

    var job: Job {
        let rare = self.rare?.rare ?? .none
        return Job(
            id: self.id, name: self.name, user: self.user, uid: self.uid, state: self.state, reason: self.reason,
            held: self.held, requestedQPU: self.requestedQPU, qpu: self.qpu, shots: self.shots,
            circuitCount: self.circuitCount, qubits: self.qubits, timeLimitSeconds: self.timeLimitSeconds,
            seed: rare.seed, submitTime: self.submitTime, startTime: self.startTime,
            endTime: rare.endTime, requeueCount: rare.requeueCount,
            dispatchID: self.dispatchID,
            message: rare.message, qpuSeconds: rare.qpuSeconds, priority: self.priority, dependency: rare.dependency,
            beginTime: rare.beginTime, comment: rare.comment, executorOptions: rare.executorOptions,
            mailType: rare.mailType, mailUser: rare.mailUser, notifyURL: rare.notifyURL,
            notifyStatus: rare.notifyStatus, array: rare.array)
    }
}
