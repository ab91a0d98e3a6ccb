import QPICore
import Testing

@testable import QPIScheduler

/// Invariants over random snapshots with slots, users, priorities and dependencies.
struct PolicyPropertyTests {
    static let users = ["alice", "bob", "carol"]

    static func randomSnapshot(_ generator: inout SplitMix64) -> SchedulerSnapshot {
        let now = 10_000.0
        let qpus = (0..<Int(generator.next() % 5) + 1).map { index in
            QPUView(
                name: "q\(index)", qubits: Int(generator.next() % 6) + 2,
                state: [.idle, .idle, .allocated, .down][Int(generator.next() % 4)])
        }
        var slots: [Slot] = []
        for index in 0..<Int(generator.next() % 4) {
            let start = now + Double(Int(generator.next() % 400)) - 200
            let slot = Slot(
                id: Int64(index + 1), name: "s", user: Self.users[Int(generator.next() % 3)],
                qpu: generator.next() % 4 == 0 ? nil : "q\(generator.next() % 5)", start: start,
                end: start + Double(Int(generator.next() % 300) + 1), createdBy: "root", createdAt: 0)
            if !slots.contains(where: { $0.overlaps(slot) }) { slots.append(slot) }
        }
        let pending = (0..<Int(generator.next() % 15)).map { index in
            PendingJob(
                id: JobID(index + 1), user: Self.users[Int(generator.next() % 3)],
                requestedQPU: generator.next() % 4 == 0 ? "q\(generator.next() % 5)" : nil,
                qubits: Int(generator.next() % 6) + 1, held: generator.next() % 10 == 0,
                submitTime: Double(Int(generator.next() % 50)), timeLimitSeconds: Int(generator.next() % 200) + 1,
                priority: Int(generator.next() % 3) - 1,
                dependency: generator.next() % 5 == 0
                    ? JobDependency(terms: [.init(kind: .afterOK, jobIDs: [JobID(generator.next() % 20 + 1)])]) : nil)
        }
        let states: [JobState] = [.pending, .running, .completed, .failed]
        var dependencyStates: [JobID: JobState] = [:]
        for id in 1...20 where generator.next() % 2 == 0 {
            dependencyStates[JobID(id)] = states[Int(generator.next() % 4)]
        }
        return SchedulerSnapshot(
            now: now, pending: pending, qpus: qpus, slots: slots,
            balances: generator.next() % 3 == 0 ? ["bob": 0] : [:], idleThresholdSeconds: 5,
            lastJobEnd: ["alice": now - Double(generator.next() % 10)], dependencyStates: dependencyStates)
    }

    @Test func invariantsHoldOnRandomSnapshots() {
        var generator = SplitMix64(seed: 2_026)
        for _ in 0..<2_000 {
            let snapshot = Self.randomSnapshot(&generator)
            let plan = SchedulingPolicy.plan(snapshot)
            let byID = Dictionary(uniqueKeysWithValues: snapshot.pending.map { ($0.id, $0) })

            // No QPU gets two jobs, no job two QPUs, every job a placement or a reason.
            #expect(Set(plan.placements.map(\.qpu)).count == plan.placements.count)
            #expect(Set(plan.placements.map(\.jobID)).count == plan.placements.count)
            #expect(plan.placements.count + plan.reasons.count == snapshot.pending.count)

            for placement in plan.placements {
                let job = byID[placement.jobID]!
                let qpu = snapshot.qpus.first { $0.name == placement.qpu }!
                #expect(qpu.state == .idle && qpu.qubits >= job.qubits)
                #expect(!job.held)
                #expect(job.dependency.map { $0.status(snapshot.dependencyStates) == .satisfied } ?? true)
                #expect((snapshot.balances[job.user] ?? 1) > 0)
                // Within another user's active slot, no job starts while the booker has an
                // eligible job that fits the QPU.
                if let slot = snapshot.slots.first(where: {
                    $0.isActive(at: snapshot.now) && $0.covers(qpu.name)
                }), slot.user != job.user {
                    let bookerWaiting = snapshot.pending.contains { other in
                        other.user == slot.user && plan.reasons[other.id] != nil && !other.held
                            && other.qubits <= qpu.qubits && (other.requestedQPU ?? qpu.name) == qpu.name
                            && (snapshot.balances[other.user] ?? 1) > 0
                            && (other.dependency.map { $0.status(snapshot.dependencyStates) == .satisfied } ?? true)
                    }
                    #expect(!bookerWaiting, "\(snapshot)")
                    #expect(snapshot.now + Double(job.timeLimitSeconds) <= slot.end)
                }
                // No job runs into another user's upcoming slot (one starting now is active).
                for slot in snapshot.slots
                where slot.user != job.user && slot.covers(qpu.name) && slot.start > snapshot.now {
                    #expect(slot.start >= snapshot.now + Double(job.timeLimitSeconds))
                }
            }
        }
    }

    /// `qstat --start`'s dry run: no estimate before now or a job's begin time, none for a
    /// held job or on a QPU that is down, and no two runs (running or estimated) overlap
    /// on one QPU.
    @Test func startEstimatesNeverOverlapOrStartEarly() {
        var generator = SplitMix64(seed: 21)
        for _ in 0..<500 {
            var snapshot = Self.randomSnapshot(&generator)
            for index in snapshot.pending.indices where generator.next() % 3 == 0 {
                snapshot.pending[index].beginTime = snapshot.now + Double(generator.next() % 500)
            }
            let running = snapshot.qpus.enumerated().compactMap { index, qpu -> StartEstimator.RunningJob? in
                guard qpu.state == .allocated else { return nil }
                return StartEstimator.RunningJob(
                    id: JobID(100 + index), user: Self.users[Int(generator.next() % 3)], qpu: qpu.name,
                    end: snapshot.now + Double(generator.next() % 300 + 1))
            }
            let estimates = StartEstimator.estimate(snapshot, running: running)
            let byID = Dictionary(uniqueKeysWithValues: snapshot.pending.map { ($0.id, $0) })
            var runs: [String: [(start: Double, end: Double)]] = [:]
            for job in running { runs[job.qpu, default: []].append((snapshot.now, job.end)) }
            for (id, estimate) in estimates {
                let job = byID[id]!
                #expect(estimate.start >= snapshot.now && estimate.start >= (job.beginTime ?? 0))
                #expect(!job.held)
                #expect(snapshot.qpus.first { $0.name == estimate.qpu }?.state != .down)
                runs[estimate.qpu, default: []].append((estimate.start, estimate.start + Double(job.timeLimitSeconds)))
            }
            for (qpu, spans) in runs {
                let sorted = spans.sorted { $0.start < $1.start }
                for (earlier, later) in zip(sorted, sorted.dropFirst()) {
                    #expect(earlier.end <= later.start, "two runs overlap on \(qpu): \(sorted)")
                }
            }
        }
    }

    @Test func sameInputSamePlanWhateverTheOrder() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<500 {
            var snapshot = Self.randomSnapshot(&generator)
            let plan = SchedulingPolicy.plan(snapshot)
            #expect(SchedulingPolicy.plan(snapshot) == plan)
            snapshot.pending.reverse()
            snapshot.qpus.reverse()
            snapshot.slots.reverse()
            #expect(SchedulingPolicy.plan(snapshot) == plan)
        }
    }

    @Test func equalJobsRunInSubmissionOrder() {
        let pending = (1...20).reversed().map { id in
            PendingJob(
                id: JobID(id), user: "u\(id % 3)", requestedQPU: nil, qubits: 1, submitTime: Double(id % 7),
                timeLimitSeconds: 60)
        }
        let qpus = (0..<5).map { QPUView(name: "q\($0)", qubits: 4, state: .idle) }
        let plan = SchedulingPolicy.plan(SchedulerSnapshot(now: 100, pending: pending, qpus: qpus))
        let expected = pending.sorted { ($0.submitTime, $0.id) < ($1.submitTime, $1.id) }.prefix(5).map(\.id)
        #expect(plan.placements.map(\.jobID) == Array(expected))
    }
}
