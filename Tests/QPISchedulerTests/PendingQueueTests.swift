import QPICore
import Testing

@testable import QPIScheduler

struct PendingQueueTests {
    static func job(
        _ id: JobID, _ user: String = "alice", qpu: String? = nil, priority: Int = 0, at time: Double? = nil
    )
        -> Job
    {
        Job(
            id: id, name: "j", user: user, uid: 1, requestedQPU: qpu, shots: 1, circuitCount: 1, qubits: 1,
            timeLimitSeconds: 60, submitTime: time ?? Double(id), priority: priority)
    }

    @Test func frontsAreBoundedPerLaneAndSkipJobsNoLongerQueued() {
        var queue = PendingQueue()
        for id in 1...1_000 { queue.insert(Self.job(JobID(id), "u\(id % 3)")) }
        queue.insert(Self.job(2_000, qpu: "q1"))
        queue.insert(Self.job(2_001, priority: 5))
        // One free QPU: every lane here is read this deep.
        let depth = JobID(PendingQueue.window(freeQPUs: 1))
        func front(_ classify: (JobID) -> PendingQueue.Disposition) -> Set<JobID> {
            Set(queue.front(freeQPUs: ["q1"], classify: classify))
        }
        var gone: Set<JobID> = [1, 2, 3]
        #expect(front { gone.contains($0) ? .gone : .take } == Set(4...3 + depth).union([2_000, 2_001]))
        gone.formUnion([4, 5])
        #expect(front { gone.contains($0) ? .gone : .take } == Set(6...5 + depth).union([2_000, 2_001]))
        // Waiting jobs are passed over without counting, and stay queued.
        let waiting: Set<JobID> = [6, 7, 8]
        #expect(front { waiting.contains($0) ? .wait : .take } == Set(9...8 + depth).union([2_000, 2_001]))
        #expect(front { _ in .take } == Set(6...5 + depth).union([2_000, 2_001]))
    }

    /// A lane is read only as deep as the free QPUs can serve it.
    @Test func eachLaneIsReadAsDeepAsTheFreeQPUsCanServeIt() {
        var queue = PendingQueue()
        for id in 1...100 { queue.insert(Self.job(JobID(id))) }
        for id in 101...200 { queue.insert(Self.job(JobID(id), qpu: "free")) }
        for id in 201...300 { queue.insert(Self.job(JobID(id), qpu: "busy")) }
        let front = queue.front(freeQPUs: ["free", "other"]) { _ in .take }
        let anyQPU = PendingQueue.window(freeQPUs: 2)
        let oneQPU = PendingQueue.window(freeQPUs: 1)
        #expect(front.filter { $0 <= 100 } == Array(1...JobID(anyQPU)))
        #expect(front.filter { (101...200).contains($0) } == Array(101...JobID(100 + oneQPU)))
        // The busy QPU's lane gives its first job only, which learns why it waits.
        #expect(front.filter { $0 > 200 } == [201])
        // Waiting entries still do not count against a lane's depth.
        let waiting = queue.front(freeQPUs: ["free"]) { (101...105).contains($0) ? .wait : .take }
        #expect(waiting.filter { (101...200).contains($0) } == Array(106...JobID(105 + oneQPU)))
    }

    @Test func aUsersOldestJobsAreFoundBehindOthers() {
        var queue = PendingQueue()
        for id in 1...10_000 { queue.insert(Self.job(JobID(id), "bob")) }
        queue.insert(Self.job(10_001, "alice"))
        queue.insert(Self.job(10_002, "alice", qpu: "q0"))
        #expect(queue.front(freeQPUs: ["q0"]) { _ in .take }.contains(10_001) == false)
        #expect(queue.front(ofUser: "alice", limit: 3) { _ in .take } == [10_001, 10_002])
        #expect(queue.front(ofUser: "nobody", limit: 3) { _ in .take }.isEmpty)
    }

    @Test func aRequeuedJobReturnsToItsPlace() {
        var queue = PendingQueue()
        for id in [1, 2, 4] { queue.insert(Self.job(JobID(id))) }
        queue.insert(Self.job(3))
        #expect(queue.front(freeQPUs: []) { _ in .take } == [1, 2, 3, 4])
        #expect(queue.front(ofUser: "alice", limit: 10) { _ in .take } == [1, 2, 3, 4])
    }
}
