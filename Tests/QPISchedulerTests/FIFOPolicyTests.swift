import QPICore
import Testing

@testable import QPIScheduler

struct FIFOPolicyTests {
    func job(_ id: JobID, qpu: String? = nil, qubits: Int = 2, held: Bool = false, at time: Double? = nil) -> PendingJob
    {
        PendingJob(
            id: id, user: "alice", requestedQPU: qpu, qubits: qubits, held: held,
            submitTime: time ?? Double(id), timeLimitSeconds: 60)
    }

    let twoIdle = [QPUView(name: "sim1", qubits: 24, state: .idle), QPUView(name: "sim0", qubits: 24, state: .idle)]

    @Test func oldestJobsTakeFreeQPUsInNameOrder() {
        let plan = SchedulingPolicy.plan(SchedulerSnapshot(now: 100, pending: [job(3), job(1), job(2)], qpus: twoIdle))
        #expect(plan.placements == [.init(jobID: 1, qpu: "sim0"), .init(jobID: 2, qpu: "sim1")])
        #expect(plan.reasons == [3: .resources])
    }

    @Test func submissionTimeOrdersBeforeID() {
        let plan = SchedulingPolicy.plan(
            SchedulerSnapshot(now: 100, pending: [job(1, at: 50), job(2, at: 10)], qpus: [twoIdle[1]]))
        #expect(plan.placements == [.init(jobID: 2, qpu: "sim0")])
    }

    @Test func requestedQPUIsWaitedForWithoutBlockingOthers() {
        let qpus = [
            QPUView(name: "sim0", qubits: 24, state: .allocated), QPUView(name: "sim1", qubits: 24, state: .idle),
        ]
        let plan = SchedulingPolicy.plan(SchedulerSnapshot(now: 0, pending: [job(1, qpu: "sim0"), job(2)], qpus: qpus))
        #expect(plan.placements == [.init(jobID: 2, qpu: "sim1")])
        #expect(plan.reasons[1] == .resources)
    }

    @Test func reasonsForJobsThatCannotRun() {
        let qpus = [
            QPUView(name: "big", qubits: 30, state: .down), QPUView(name: "small", qubits: 2, state: .idle),
            QPUView(name: "drained", qubits: 5, state: .drain),
        ]
        let pending = [
            job(1, qpu: "nope"), job(2, qubits: 40), job(3, qubits: 20), job(4, held: true), job(5, qpu: "drained"),
            job(6, qubits: 2),
        ]
        let plan = SchedulingPolicy.plan(SchedulerSnapshot(now: 0, pending: pending, qpus: qpus))
        #expect(plan.reasons == [1: .badConstraints, 2: .badConstraints, 3: .qpuDown, 4: .held, 5: .qpuDown])
        #expect(plan.placements == [.init(jobID: 6, qpu: "small")])
    }

    @Test func neverPlacesTwoJobsOnOneQPU() {
        var generator = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let qpuCount = Int(generator.next() % 4) + 1
            let qpus = (0..<qpuCount).map { index in
                QPUView(
                    name: "q\(index)", qubits: Int(generator.next() % 8) + 1,
                    state: [.idle, .allocated, .down][Int(generator.next() % 3)])
            }
            let pending = (0..<Int(generator.next() % 12)).map { index in
                job(
                    JobID(index + 1), qpu: generator.next() % 3 == 0 ? "q\(generator.next() % 5)" : nil,
                    qubits: Int(generator.next() % 8) + 1)
            }
            let plan = SchedulingPolicy.plan(SchedulerSnapshot(now: 0, pending: pending, qpus: qpus))
            let used = plan.placements.map(\.qpu)
            #expect(Set(used).count == used.count)
            for placement in plan.placements {
                let qpu = qpus.first { $0.name == placement.qpu }!
                let placed = pending.first { $0.id == placement.jobID }!
                #expect(qpu.state == .idle)
                #expect(qpu.qubits >= placed.qubits)
                #expect(placed.requestedQPU == nil || placed.requestedQPU == qpu.name)
            }
            #expect(plan.placements.count + plan.reasons.count == pending.count)
        }
    }
}
