import QPICore

/// `qstat --start`: when pending jobs may start, from a dry run of `SchedulingPolicy` over
/// the running jobs' time limits, the booked slots and the begin times (`squeue --start`).
///
/// The run assumes that every job uses its whole time limit and completes (so jobs that
/// depend on it may follow), and that meanwhile nothing is submitted, cancelled or lost
/// and no balance changes. A job the run cannot place (held, an unmet dependency, no QPU
/// that fits, no balance) or not within `maxPasses` passes gets no estimate.
public enum StartEstimator {
    /// A job running now, as the dry run sees it.
    public struct RunningJob: Sendable, Hashable {
        public var id: JobID
        public var user: String
        public var qpu: String
        /// When its time limit runs out, in seconds since the Unix epoch.
        public var end: Double

        public init(id: JobID, user: String, qpu: String, end: Double) {
            self.id = id
            self.user = user
            self.qpu = qpu
            self.end = end
        }
    }

    /// Where and when the dry run started a job.
    public struct Estimate: Sendable, Hashable {
        /// Seconds since the Unix epoch.
        public var start: Double
        public var qpu: String

        public init(start: Double, qpu: String) {
            self.start = start
            self.qpu = qpu
        }
    }

    /// Expected starts of `snapshot.pending` (every pending job to estimate, not only the
    /// front of the queue), with `running` holding QPUs until their limits run out.
    public static func estimate(
        _ snapshot: SchedulerSnapshot, running: [RunningJob], maxPasses: Int = 10_000
    ) -> [JobID: Estimate] {
        var step = snapshot
        var occupied = running
        var estimates: [JobID: Estimate] = [:]
        for _ in 0..<maxPasses {
            guard !step.pending.isEmpty else { break }
            for job in occupied where job.end <= step.now {
                step.lastJobEnd[job.user] = max(step.lastJobEnd[job.user] ?? job.end, job.end)
                if step.dependencyStates[job.id] != nil { step.dependencyStates[job.id] = .completed }
            }
            occupied.removeAll { $0.end <= step.now }
            let busy = Set(occupied.map(\.qpu))
            step.qpus = snapshot.qpus.map { qpu in
                guard qpu.state == .idle || qpu.state == .allocated else { return qpu }
                return QPUView(name: qpu.name, qubits: qpu.qubits, state: busy.contains(qpu.name) ? .allocated : .idle)
            }
            step.runningUsers = Set(occupied.map(\.user))
            let plan = SchedulingPolicy.plan(step)
            for placement in plan.placements {
                guard let job = step.pending.first(where: { $0.id == placement.jobID }) else { continue }
                estimates[job.id] = Estimate(start: step.now, qpu: placement.qpu)
                occupied.append(
                    RunningJob(
                        id: job.id, user: job.user, qpu: placement.qpu, end: step.now + Double(job.timeLimitSeconds)))
                if step.dependencyStates[job.id] != nil { step.dependencyStates[job.id] = .running }
            }
            let placed = Set(plan.placements.map(\.jobID))
            step.pending.removeAll { placed.contains($0.id) }
            guard let next = Self.nextEvent(after: step, occupied: occupied) else { break }
            step.now = next
        }
        return estimates
    }

    /// The next time a pass could decide differently: a run ends, a begin time comes, a
    /// slot starts or ends, a slot's booker becomes idle. Nil when nothing will change.
    static func nextEvent(after step: SchedulerSnapshot, occupied: [RunningJob]) -> Double? {
        var times = occupied.map(\.end)
        times += step.pending.compactMap(\.beginTime)
        for slot in step.slots {
            times += [slot.start, slot.end]
            // Others may borrow the slot once its booker has been idle past the threshold.
            if let last = step.lastJobEnd[slot.user] { times.append((last + step.idleThresholdSeconds).nextUp) }
        }
        return times.filter { $0 > step.now }.min()
    }
}
