import ArgumentParser
import Foundation
import QPIClient
import QPICore
import QPIScheduler

extension QPIBench {
    /// One scheduling decision as the controller makes it, without a cluster: read the
    /// fronts of the pending queue (and of active bookers' lanes), build the snapshot,
    /// plan. The queue is filled once; every repetition plans from the same state.
    struct Schedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time one scheduling decision over a large synthetic queue.")

        @Option(help: "Pending jobs.") var pending = 100_000
        @Option(help: "QPUs.") var qpus = 50
        @Option(help: "Booked slots, spread over the QPUs; one QPU in ten is inside an active slot.") var slots = 1_000
        @Option(help: "QPUs free at the decision (the rest are busy).") var free = 5
        @Option(help: "Users submitting the jobs.") var users = 200
        @Option(help: "Decisions timed.") var repeats = 200

        func validate() throws {
            guard self.pending >= 0, self.pending <= 10_000_000 else {
                throw ValidationError("--pending: 0...10000000")
            }
            guard (1...10_000).contains(self.qpus) else { throw ValidationError("--qpus: 1...10000") }
            guard (0...self.qpus).contains(self.free) else { throw ValidationError("--free: 0...--qpus") }
            guard (0...1_000_000).contains(self.slots) else { throw ValidationError("--slots: 0...1000000") }
            guard (1...100_000).contains(self.users) else { throw ValidationError("--users: 1...100000") }
            guard (1...100_000).contains(self.repeats) else { throw ValidationError("--repeats: 1...100000") }
        }

        func run() async throws {
            var generator = SystemRandomNumberGenerator()
            let now = Date().timeIntervalSince1970
            let qpuNames = (0..<self.qpus).map { "q\($0)" }
            let views = qpuNames.enumerated().map { index, name in
                QPUView(name: name, qubits: 32, state: index < self.free ? .idle : .allocated)
            }
            let freeNames = Set(views.filter { $0.state == .idle }.map(\.name))
            var jobs: [JobID: Job] = [:]
            var queue = PendingQueue()
            for index in 0..<self.pending {
                // 5% name a QPU, 10% have a non-default priority, 2% wait on a dependency.
                let pinned = Int.random(in: 0..<100, using: &generator) < 5
                let roll = Int.random(in: 0..<100, using: &generator)
                let job = Job(
                    id: JobID(index + 1), name: "bench", user: "u\(Int.random(in: 0..<self.users, using: &generator))",
                    uid: 1_000, requestedQPU: pinned ? qpuNames.randomElement(using: &generator) : nil, shots: 100,
                    circuitCount: 1, qubits: Int.random(in: 1...32, using: &generator),
                    timeLimitSeconds: Int.random(in: 60...3_600, using: &generator),
                    submitTime: now - Double(self.pending - index), priority: roll < 5 ? -10 : roll < 10 ? 10 : 0,
                    dependency: roll == 99 ? JobDependency(terms: [.init(kind: .afterOK, jobIDs: [1])]) : nil)
                jobs[job.id] = job
                queue.insert(job)
            }
            var slots: [Slot] = []
            let perQPU = max(1, (self.slots + self.qpus - 1) / self.qpus)
            for index in 0..<self.slots {
                let qpu = index % self.qpus
                let position = index / self.qpus
                // The first slot of one QPU in ten is active; the rest follow, an hour apart.
                let start = now + (qpu % 10 == 0 && position == 0 ? -600 : Double(position + 1) * 3_600)
                slots.append(
                    Slot(
                        id: Int64(index + 1), name: "s", user: "u\(index % self.users)", qpu: qpuNames[qpu],
                        start: start, end: start + 1_800, createdBy: "root", createdAt: now))
            }
            let balances = Dictionary(uniqueKeysWithValues: (0..<self.users / 10).map { ("u\($0 * 10 + 5)", 0.0) })

            var seconds: [Double] = []
            var planSeconds: [Double] = []
            var placed = 0
            var considered = 0
            for _ in 0..<self.repeats {
                let began = DispatchTime.now().uptimeNanoseconds
                let window = PendingQueue.window(freeQPUs: self.free)
                let balanceLeft = { (user: String) in (balances[user] ?? 1) > 0 }
                let classify = { (id: JobID) -> PendingQueue.Disposition in
                    guard let job = jobs[id], job.state == .pending else { return .gone }
                    return job.dependency == nil && balanceLeft(job.user) ? .take : .wait
                }
                var ids = queue.front(freeQPUs: freeNames, classify: classify)
                let bookers = Set(slots.lazy.filter { $0.isActive(at: now) }.map(\.user)).filter(balanceLeft)
                for booker in bookers.sorted() { ids += queue.front(ofUser: booker, limit: window, classify: classify) }
                var seen = Set<JobID>()
                let pending = ids.compactMap { id -> PendingJob? in
                    guard seen.insert(id).inserted, let job = jobs[id] else { return nil }
                    return PendingJob(
                        id: job.id, user: job.user, requestedQPU: job.requestedQPU, qubits: job.qubits,
                        submitTime: job.submitTime, timeLimitSeconds: job.timeLimitSeconds, priority: job.priority,
                        dependency: job.dependency)
                }
                let planBegan = DispatchTime.now().uptimeNanoseconds
                let plan = SchedulingPolicy.plan(
                    SchedulerSnapshot(
                        now: now, pending: pending, qpus: views, slots: slots, balances: balances,
                        dependencyStates: [1: .pending]))
                let ended = DispatchTime.now().uptimeNanoseconds
                seconds.append(Double(ended - began) / 1e9)
                planSeconds.append(Double(ended - planBegan) / 1e9)
                placed = plan.placements.count
                considered = pending.count
            }
            var report = summary(seconds, wall: seconds.reduce(0, +))
            report["pending"] = Double(self.pending)
            report["qpus"] = Double(self.qpus)
            report["free_qpus"] = Double(self.free)
            report["slots"] = Double(self.slots)
            report["slots_per_qpu"] = Double(perQPU)
            report["jobs_considered"] = Double(considered)
            report["placements"] = Double(placed)
            report["goal_seconds"] = 0.001
            report["plan_only_median_seconds"] = planSeconds.sorted()[planSeconds.count / 2]
            try printJSON(report)
        }
    }
}
