import QPICore
import Testing

@testable import QPIScheduler

/// `qstat --start`'s dry run, against scenarios whose answers are known.
struct StartEstimatorTests {
    static func job(
        _ id: JobID, _ user: String = "alice", qpu: String? = nil, limit: Int, held: Bool = false,
        dependency: String? = nil, begin: Double? = nil
    ) -> PendingJob {
        PendingJob(
            id: id, user: user, requestedQPU: qpu, qubits: 2, held: held, submitTime: Double(id),
            timeLimitSeconds: limit, dependency: dependency.map { try! JobDependency(parsing: $0) }, beginTime: begin)
    }

    static let two = [
        QPUView(name: "q0", qubits: 8, state: .allocated), QPUView(name: "q1", qubits: 8, state: .allocated),
    ]

    /// Each QPU frees when its running job's limit ends; pending jobs follow in priority
    /// order on whichever frees first.
    @Test func jobsFollowTheRunningJobsLimits() {
        let running = [
            StartEstimator.RunningJob(id: 1, user: "bob", qpu: "q0", end: 1_100),
            StartEstimator.RunningJob(id: 2, user: "bob", qpu: "q1", end: 1_300),
        ]
        let pending = [Self.job(3, limit: 500), Self.job(4, limit: 100), Self.job(5, qpu: "q1", limit: 60)]
        let estimates = StartEstimator.estimate(
            SchedulerSnapshot(now: 1_000, pending: pending, qpus: Self.two), running: running)
        #expect(
            estimates == [
                3: .init(start: 1_100, qpu: "q0"), 4: .init(start: 1_300, qpu: "q1"), 5: .init(start: 1_400, qpu: "q1"),
            ])
    }

    /// Another user's slot keeps a job off a QPU until the slot lends it; a begin time
    /// holds a job back; a dependency waits for its job's limit; held and impossible jobs get none.
    @Test func slotsBeginTimesDependenciesAndJobsThatNeverStart() {
        let qpus = [QPUView(name: "q0", qubits: 8, state: .idle)]
        let slot = Slot(
            id: 1, name: "s", user: "carol", qpu: "q0", start: 1_050, end: 1_200, createdBy: "carol", createdAt: 0)
        let pending = [
            Self.job(1, limit: 100), Self.job(2, limit: 30, begin: 1_500),
            Self.job(3, limit: 10, dependency: "afterok:2"),
            Self.job(4, limit: 10, held: true), Self.job(5, qpu: "nope", limit: 10),
        ]
        let estimates = StartEstimator.estimate(
            SchedulerSnapshot(
                now: 1_000, pending: pending, qpus: qpus, slots: [slot], dependencyStates: [2: .pending]),
            running: [])
        // Job 1 would run into carol's slot if it started now; once the slot has started and
        // carol, idle, lends it, job 1 fits before the slot ends.
        #expect(
            estimates == [
                1: .init(start: 1_050, qpu: "q0"), 2: .init(start: 1_500, qpu: "q0"), 3: .init(start: 1_530, qpu: "q0"),
            ])
    }
}
