import QPICore
import Testing

@testable import QPIController

struct ActiveJobsTests {
    static func job(_ id: JobID) -> Job {
        Job(
            id: id, name: "j\(id)", user: "alice", uid: 1000, shots: 1, circuitCount: 1, qubits: 1,
            timeLimitSeconds: 60, submitTime: 0)
    }

    @Test func listsLiveIdsInOrderFromAnyPosition() {
        var active = ActiveJobs()
        for id: JobID in [3, 5, 8, 13] { active[id] = Self.job(id) }
        #expect(Array(active.ids()) == [3, 5, 8, 13])
        #expect(Array(active.ids(after: 5)) == [8, 13])
        #expect(Array(active.ids(after: 4)) == [5, 8, 13])
        #expect(Array(active.ids(after: 13)).isEmpty)
        #expect(Array(active.ids(after: 0)) == [3, 5, 8, 13])
        active[8]?.state = .running
        #expect(active[8]?.state == .running && active.count == 4)
    }

    /// The pending and held counts follow every way a job changes, as a recount finds them.
    @Test func thePendingCountFollowsEveryChange() {
        var active = ActiveJobs()
        func recount() -> Int { active.values.count { $0.state == .pending } }
        func recountHeld() -> Int { active.values.count { $0.state == .pending && $0.held } }
        for id: JobID in 1...6 { active[id] = Self.job(id) }
        #expect(active.pendingCount == 6)
        active[2]?.state = .running
        active[3]?.state = .running
        active[3]?.state = .pending
        active[4]?.reason = .resources
        active[4]?.held = true
        active[1]?.held = true
        // A running job's hold flag is not counted.
        active[2]?.held = true
        active.removeValue(forKey: 5)
        active[6] = nil
        active[2] = nil
        active[7] = Self.job(7)
        active[7]?.held = true
        active[7]?.held = false
        active[1] = Self.job(1)
        #expect(active.pendingCount == recount() && active.pendingCount == 4)
        #expect(active.heldCount == recountHeld() && active.heldCount == 1)
    }

    @Test func departedJobsAreSkippedAndARequeuedOneFindsItsPlace() {
        var active = ActiveJobs()
        for id: JobID in 1...10 { active[id] = Self.job(id) }
        active.removeValue(forKey: 4)
        active[7] = nil
        #expect(active.removeValue(forKey: 99) == nil)
        #expect(Array(active.ids()) == [1, 2, 3, 5, 6, 8, 9, 10])
        active[4] = Self.job(4)
        active[11] = Self.job(11)
        #expect(Array(active.ids()) == [1, 2, 3, 4, 5, 6, 8, 9, 10, 11])
        #expect(Array(active.ids(after: 3)) == [4, 5, 6, 8, 9, 10, 11])
    }

    /// Departures past the live count are dropped in one pass; order and membership survive
    /// it, including jobs that left and came back in between.
    @Test func manyDeparturesKeepTheOrderExact() {
        var active = ActiveJobs()
        var expected = Set<JobID>()
        var generator = SystemRandomNumberGenerator()
        for id: JobID in 1...20_000 {
            active[id] = Self.job(id)
            expected.insert(id)
            if id % 3 != 0 {
                active.removeValue(forKey: id)
                expected.remove(id)
            }
            if id % 1_000 == 0, let back = (1..<id).randomElement(using: &generator), !expected.contains(back) {
                active[back] = Self.job(back)
                expected.insert(back)
            }
        }
        #expect(Array(active.ids()) == expected.sorted())
        #expect(active.count == expected.count)
        #expect(Array(active.ids(after: 10_000)) == expected.filter { $0 > 10_000 }.sorted())
    }

    /// Where a string's bytes are: equal for two values that share one storage.
    static func storage(_ string: String) -> UInt? {
        string.utf8.withContiguousStorageIfAvailable { UInt(bitPattern: $0.baseAddress) } ?? nil
    }

    /// Jobs decoded one by one each bring their own copy of a long user or QPU name; held in
    /// the table, they share one.
    @Test func jobsThatArriveShareTheStringsTheyRepeat() {
        var active = ActiveJobs()
        let long = { (text: String) in String(decoding: Array(text.utf8), as: UTF8.self) }
        var first = Self.job(1)
        first.user = long("firstname.lastname@lab")
        first.requestedQPU = long("cryostat-a-transmon-17")
        var second = Self.job(2)
        second.user = long("firstname.lastname@lab")
        second.requestedQPU = long("cryostat-a-transmon-17")
        #expect(Self.storage(first.user) != Self.storage(second.user))
        active[1] = first
        active[2] = second
        #expect(active[2]?.user == "firstname.lastname@lab")
        #expect(Self.storage(active[1]!.user) == Self.storage(active[2]!.user))
        #expect(Self.storage(active[1]!.requestedQPU!) == Self.storage(active[2]!.requestedQPU!))
        // Short strings live in the value itself and need no pool.
        var pool = StringPool()
        #expect(pool.share("alice") == "alice")
    }

    /// Every field of a job comes back from its compact record as it went in, set or unset.
    @Test func aCompactRecordHoldsEveryFieldOfItsJob() {
        var pool = StringPool()
        let full = Job(
            id: 7, name: "sweep", user: "alice", uid: 50_001, state: .running, reason: .priority, held: true,
            requestedQPU: "q1", qpu: "q2", shots: 1_000, circuitCount: 3, qubits: 5, timeLimitSeconds: 90,
            seed: 42, submitTime: 10, startTime: 20, endTime: 30, requeueCount: 2, dispatchID: 99,
            message: "lost", qpuSeconds: 1.5, priority: -3,
            dependency: JobDependency(terms: [JobDependency.Term(kind: .afterOK, jobIDs: [5])]), beginTime: 15,
            comment: "c", executorOptions: ["k": "v"], mailType: "END", mailUser: "a@lab", notifyURL: "https://x",
            notifyStatus: "delivered", array: JobArrayTask(arrayJobID: 6, taskID: 1, limit: 2))
        #expect(CompactJob(full, sharing: &pool).job == full)
        let plain = Self.job(8)
        let record = CompactJob(plain, sharing: &pool)
        #expect(record.job == plain)
        // Nothing rare set: no box, and the record is under half a Job.
        #expect(record.rare == nil)
        #expect(MemoryLayout<CompactJob>.stride * 2 <= MemoryLayout<Job>.stride)
    }

    /// A change to a common field keeps the box of rare fields; a change to a rare one makes a new box.
    @Test func aChangedJobSharesWhatDidNotChange() {
        var active = ActiveJobs()
        var job = Self.job(1)
        job.comment = "a comment well over fifteen bytes"
        active[1] = job
        let box = active.records.first?.rare
        active[1]?.state = .running
        #expect(active.records.first?.rare === box && box != nil)
        active[1]?.mailUser = "alice@lab"
        #expect(active.records.first?.rare !== box)
        #expect(active[1]?.comment == "a comment well over fifteen bytes" && active[1]?.state == .running)
        active[1]?.comment = nil
        active[1]?.mailUser = nil
        #expect(active.records.first?.rare == nil)
    }
}
