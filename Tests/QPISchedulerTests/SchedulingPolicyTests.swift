import QPICore
import Testing

@testable import QPIScheduler

/// Slots, priorities, holds, dependencies and balances (DESIGN.md, "Scheduling policy").
struct SchedulingPolicyTests {
    static func job(
        _ id: JobID, _ user: String = "alice", qpu: String? = nil, at time: Double? = nil, limit: Int = 60,
        priority: Int = 0, dependency: String? = nil, held: Bool = false, begin: Double? = nil
    ) -> PendingJob {
        PendingJob(
            id: id, user: user, requestedQPU: qpu, qubits: 2, held: held, submitTime: time ?? Double(id),
            timeLimitSeconds: limit, priority: priority, dependency: dependency.map { try! JobDependency(parsing: $0) },
            beginTime: begin)
    }

    static func slot(_ id: Int64, _ user: String, qpu: String? = "q0", from start: Double, to end: Double)
        -> Slot
    {
        Slot(id: id, name: "s\(id)", user: user, qpu: qpu, start: start, end: end, createdBy: user, createdAt: 0)
    }

    static let one = [QPUView(name: "q0", qubits: 8, state: .idle)]
    static let two = one + [QPUView(name: "q1", qubits: 8, state: .idle)]

    @Test func bookerRunsFirstInsideTheirSlot() {
        let snapshot = SchedulerSnapshot(
            now: 1_000, pending: [Self.job(1, "bob"), Self.job(2, "bob"), Self.job(3, "alice")], qpus: Self.one,
            slots: [Self.slot(1, "alice", from: 900, to: 2_000)])
        let plan = SchedulingPolicy.plan(snapshot)
        #expect(plan.placements == [.init(jobID: 3, qpu: "q0")])
        #expect(plan.reasons[1] == .reservation)
    }

    @Test func aBusyBookerKeepsTheSlot() {
        let pending = [Self.job(1, "bob", limit: 10)]
        let slots = [Self.slot(1, "alice", from: 900, to: 2_000)]
        // Alice's last job ended 2 s ago, under the 5 s threshold.
        var snapshot = SchedulerSnapshot(
            now: 1_000, pending: pending, qpus: Self.one, slots: slots, idleThresholdSeconds: 5,
            lastJobEnd: ["alice": 998])
        #expect(SchedulingPolicy.plan(snapshot).placements.isEmpty)
        #expect(SchedulingPolicy.plan(snapshot).reasons[1] == .reservation)
        snapshot.lastJobEnd = [:]
        snapshot.runningUsers = ["alice"]
        #expect(SchedulingPolicy.plan(snapshot).placements.isEmpty)
    }

    @Test func anIdleBookersSlotIsLentInFIFOOrderToJobsThatEndInTime() {
        let pending = [
            Self.job(1, "bob", at: 10, limit: 5_000), Self.job(2, "carol", at: 20, limit: 60, priority: -5),
            Self.job(3, "bob", at: 30, limit: 60, priority: 5),
        ]
        let snapshot = SchedulerSnapshot(
            now: 1_000, pending: pending, qpus: Self.one, slots: [Self.slot(1, "alice", from: 900, to: 2_000)],
            idleThresholdSeconds: 5, lastJobEnd: ["alice": 990])
        let plan = SchedulingPolicy.plan(snapshot)
        // Job 1 would outlast the slot; among the rest FIFO, not priority, decides.
        #expect(plan.placements == [.init(jobID: 2, qpu: "q0")])
        #expect(plan.reasons[1] == .reservation)
    }

    @Test func priorityThenAgeThenIDOutsideSlots() {
        let pending = [
            Self.job(1, at: 10), Self.job(2, at: 5, priority: -1), Self.job(3, at: 20, priority: 3),
            Self.job(4, at: 10), Self.job(5, at: 9),
        ]
        let plan = SchedulingPolicy.plan(SchedulerSnapshot(now: 100, pending: pending, qpus: Self.two))
        #expect(plan.placements == [.init(jobID: 3, qpu: "q0"), .init(jobID: 5, qpu: "q1")])
        #expect(plan.reasons == [1: .resources, 2: .resources, 4: .resources])
    }

    /// A QPU with jobs already queued on its node (DispatchDepth) is free but busy: the
    /// first job goes to a QPU running nothing, whatever the names.
    @Test func aQPURunningNothingIsTakenBeforeOneWithJobsInFlight() {
        let qpus = [
            QPUView(name: "q0", qubits: 8, state: .idle, inFlight: 2),
            QPUView(name: "q1", qubits: 8, state: .idle),
        ]
        let one = SchedulingPolicy.plan(SchedulerSnapshot(now: 1_000, pending: [Self.job(1)], qpus: qpus))
        #expect(one.placements == [.init(jobID: 1, qpu: "q1")])
        let two = SchedulingPolicy.plan(SchedulerSnapshot(now: 1_000, pending: [Self.job(1), Self.job(2)], qpus: qpus))
        #expect(two.placements == [.init(jobID: 1, qpu: "q1"), .init(jobID: 2, qpu: "q0")])
    }

    @Test func aJobThatWouldRunIntoAnotherUsersSlotWaitsUnlessAnotherQPUCanTakeIt() {
        let slots = [Self.slot(1, "alice", from: 1_030, to: 2_000)]
        let long = Self.job(1, "bob", limit: 60)
        let plan = SchedulingPolicy.plan(
            SchedulerSnapshot(now: 1_000, pending: [long], qpus: Self.one, slots: slots))
        #expect(plan.placements.isEmpty)
        #expect(plan.reasons[1] == .reservation)

        let elsewhere = SchedulingPolicy.plan(
            SchedulerSnapshot(now: 1_000, pending: [long], qpus: Self.two, slots: slots))
        #expect(elsewhere.placements == [.init(jobID: 1, qpu: "q1")])

        let short = SchedulingPolicy.plan(
            SchedulerSnapshot(now: 1_000, pending: [Self.job(1, "bob", limit: 20)], qpus: Self.one, slots: slots)
        )
        #expect(short.placements == [.init(jobID: 1, qpu: "q0")])

        let own = SchedulingPolicy.plan(
            SchedulerSnapshot(now: 1_000, pending: [Self.job(1, "alice")], qpus: Self.one, slots: slots))
        #expect(own.placements == [.init(jobID: 1, qpu: "q0")])
    }

    @Test func aSlotOnAllQPUsCoversEachOfThem() {
        let plan = SchedulingPolicy.plan(
            SchedulerSnapshot(
                now: 1_000, pending: [Self.job(1, "bob"), Self.job(2, "bob")], qpus: Self.two,
                slots: [Self.slot(1, "alice", qpu: nil, from: 900, to: 2_000)], lastJobEnd: ["alice": 999]))
        #expect(plan.placements.isEmpty)
        #expect(plan.reasons == [1: .reservation, 2: .reservation])
    }

    @Test func heldJobsNeverStart() {
        let plan = SchedulingPolicy.plan(
            SchedulerSnapshot(now: 0, pending: [Self.job(1, held: true), Self.job(2)], qpus: Self.two))
        #expect(plan.placements == [.init(jobID: 2, qpu: "q0")])
        #expect(plan.reasons == [1: .held])
    }

    /// A deferred job is passed over until its begin time, then runs like any other; it
    /// does not keep a QPU from the jobs behind it meanwhile.
    @Test func aJobWaitsForItsBeginTime() {
        let pending = [Self.job(1, priority: 5, begin: 1_000), Self.job(2, begin: 999), Self.job(3)]
        let early = SchedulingPolicy.plan(SchedulerSnapshot(now: 999.5, pending: pending, qpus: Self.one))
        #expect(early.placements == [.init(jobID: 2, qpu: "q0")])
        #expect(early.reasons == [1: .beginTime, 3: .resources])
        let due = SchedulingPolicy.plan(SchedulerSnapshot(now: 1_000, pending: pending, qpus: Self.one))
        #expect(due.placements == [.init(jobID: 1, qpu: "q0")])
        #expect(
            SchedulingPolicy.waitReason(
                held: true, beginTime: 2_000, now: 0, user: "alice", dependency: nil, balances: [:],
                enforceBalance: true, dependencyStates: [:]) == .held)
    }

    @Test func dependencies() {
        let pending = [
            Self.job(10, dependency: "afterok:1"), Self.job(11, dependency: "afterok:2"),
            Self.job(12, dependency: "afternotok:2"), Self.job(13, dependency: "afterany:2,afterok:3"),
            Self.job(14, dependency: "afterok:99"), Self.job(15, dependency: "afterany:99"),
        ]
        let qpus = (0..<6).map { QPUView(name: "q\($0)", qubits: 8, state: .idle) }
        let plan = SchedulingPolicy.plan(
            SchedulerSnapshot(
                now: 0, pending: pending, qpus: qpus,
                dependencyStates: [1: .completed, 2: .failed, 3: .running]))
        #expect(Set(plan.placements.map(\.jobID)) == [10, 12, 15])
        #expect(
            plan.reasons == [11: .dependencyNeverSatisfied, 13: .dependency, 14: .dependencyNeverSatisfied])
    }

    @Test func exhaustedBalancesHoldJobsBackUnlessNotEnforced() {
        let pending = [Self.job(1, "bob"), Self.job(2, "carol"), Self.job(3, "dave")]
        var snapshot = SchedulerSnapshot(
            now: 0, pending: pending, qpus: Self.two + [QPUView(name: "q2", qubits: 8, state: .idle)],
            balances: ["bob": 0, "carol": -3, "dave": 0.5])
        let plan = SchedulingPolicy.plan(snapshot)
        #expect(plan.placements.map(\.jobID) == [3])
        #expect(plan.reasons == [1: .balanceExhausted, 2: .balanceExhausted])
        snapshot.enforceBalance = false
        #expect(SchedulingPolicy.plan(snapshot).placements.count == 3)
    }
}
