import QPICore

/// The scheduling policy (DESIGN.md, "Scheduling policy"), as a pure function of a
/// snapshot. A pass runs in three phases over the free QPUs, those with no jobs in flight
/// first, then in name order:
///
/// 1. A QPU inside an active slot goes to the booker's first eligible job that fits it.
///    If the booker has none, and is idle (nothing running, last job ended more than
///    IdleThreshold ago), the QPU is lent; otherwise it waits for the booker.
/// 2. Jobs in priority order (higher first, then oldest, then lowest id) each take the
///    first free QPU outside any slot that fits them, unless their time limit would run
///    into another user's upcoming slot on that QPU.
/// 3. Lent QPUs go to the remaining jobs in FIFO order, each only if its time limit ends
///    before the slot does, so a booker who comes back waits at most for that job.
///
/// Jobs that are held, wait for their begin time or for dependencies, or belong to a user with no balance left
/// (when enforced) are never placed; every job not placed gets a reason.
public enum SchedulingPolicy {
    public static func plan(_ snapshot: SchedulerSnapshot) -> Plan {
        var pass = Pass(snapshot)
        pass.serveBookers()
        pass.servePriorityOrder()
        pass.serveLentQPUs()
        pass.explainWaiting()
        return pass.plan
    }

    /// Why a job may not start whatever the QPUs, from its own state alone: held, its begin
    /// time still ahead of `now`, waiting on a dependency, or its user has no balance left.
    /// The controller asks this too, to pass over such jobs when it reads the queue.
    public static func waitReason(
        held: Bool, beginTime: Double?, now: Double, user: String, dependency: JobDependency?,
        balances: [String: Double], enforceBalance: Bool, dependencyStates: [JobID: JobState]
    ) -> PendingReason? {
        if held { return .held }
        if let beginTime, beginTime > now { return .beginTime }
        if let dependency {
            switch dependency.status(dependencyStates) {
            case .waiting: return .dependency
            case .neverSatisfied: return .dependencyNeverSatisfied
            case .satisfied: break
            }
        }
        if enforceBalance, let balance = balances[user], balance <= 0 { return .balanceExhausted }
        return nil
    }

    /// The order jobs are considered outside slots: priority, then age, then id.
    public static func precedes(_ a: PendingJob, _ b: PendingJob) -> Bool {
        if a.priority != b.priority { return a.priority > b.priority }
        return (a.submitTime, a.id) < (b.submitTime, b.id)
    }
}

/// The state of one planning pass.
private struct Pass {
    let snapshot: SchedulerSnapshot
    let qpus: [QPUView]
    /// Jobs that may start now, in priority order.
    var eligible: [PendingJob] = []
    var placed: Set<JobID> = []
    var free: Set<String>
    /// Free QPUs inside an active slot, with the slot.
    var activeSlot: [String: Slot] = [:]
    /// Free QPUs whose slot's booker is idle, so others may borrow them.
    var lent: Set<String> = []
    /// Slots not yet started, per QPU name, by start time.
    var upcoming: [String: [Slot]] = [:]
    /// The idle QPUs a slot may keep a job from (inside a slot now, or with slots ahead), with
    /// those slots at hand: the reason of every job left waiting is checked against them.
    var slotBound: [SlotBoundQPU] = []
    var maxQubits = -1
    /// Largest QPU that is up (idle or busy).
    var maxUpQubits = -1
    var byName: [String: QPUView] = [:]
    var plan = Plan()

    init(_ snapshot: SchedulerSnapshot) {
        self.snapshot = snapshot
        // A job goes to a QPU with nothing to run before it when one fits.
        self.qpus = snapshot.qpus.sorted { ($0.inFlight, $0.name) < ($1.inFlight, $1.name) }
        let idle = self.qpus.filter { $0.state == .idle }
        self.free = Set(idle.map(\.name))
        let active = snapshot.slots.filter { $0.isActive(at: snapshot.now) }
            .sorted { ($0.start, $0.id) < ($1.start, $1.id) }
        for qpu in idle {
            if let slot = active.first(where: { $0.covers(qpu.name) }) { self.activeSlot[qpu.name] = slot }
        }
        self.byName = Dictionary(self.qpus.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        // A slot starting exactly now is active, not upcoming: counted as both, it would keep
        // its idle booker from lending it at that instant. Indexed per QPU in one walk, so
        // a thousand slots cost a thousand steps, not one per slot and QPU.
        let future = snapshot.slots.filter { $0.start > snapshot.now }
            .sorted { ($0.start, $0.id) < ($1.start, $1.id) }
        for slot in future {
            if let name = slot.qpu {
                if self.byName[name] != nil { self.upcoming[name, default: []].append(slot) }
            } else {
                for qpu in self.qpus { self.upcoming[qpu.name, default: []].append(slot) }
            }
        }
        self.maxQubits = self.qpus.map(\.qubits).max() ?? -1
        self.slotBound = idle.compactMap { qpu in
            let active = self.activeSlot[qpu.name]
            let upcoming = self.upcoming[qpu.name] ?? []
            guard active != nil || !upcoming.isEmpty else { return nil }
            return SlotBoundQPU(qpu: qpu, activeUser: active?.user, upcoming: upcoming)
        }
        self.maxUpQubits = self.qpus.filter { $0.state == .idle || $0.state == .allocated }.map(\.qubits).max() ?? -1
        // Sorting small keys rather than the jobs themselves keeps a pass cheap with
        // thousands of jobs in the snapshot.
        var keys: [(priority: Int, submitTime: Double, id: JobID, index: Int)] = []
        keys.reserveCapacity(snapshot.pending.count)
        for (index, job) in snapshot.pending.enumerated() {
            if let reason = self.blocker(job) {
                self.plan.reasons[job.id] = reason
            } else {
                keys.append((-job.priority, job.submitTime, job.id, index))
            }
        }
        keys.sort { ($0.priority, $0.submitTime, $0.id) < ($1.priority, $1.submitTime, $1.id) }
        self.eligible = keys.map { snapshot.pending[$0.index] }
    }

    /// Why `job` may not start whatever the QPUs, or nil.
    func blocker(_ job: PendingJob) -> PendingReason? {
        if let reason = SchedulingPolicy.waitReason(
            held: job.held, beginTime: job.beginTime, now: self.snapshot.now, user: job.user,
            dependency: job.dependency, balances: self.snapshot.balances,
            enforceBalance: self.snapshot.enforceBalance, dependencyStates: self.snapshot.dependencyStates)
        {
            return reason
        }
        if let wanted = job.requestedQPU {
            guard let qpu = self.byName[wanted], qpu.qubits >= job.qubits else { return .badConstraints }
        } else if job.qubits > self.maxQubits {
            return .badConstraints
        }
        return nil
    }

    static func fits(_ job: PendingJob, _ qpu: QPUView) -> Bool {
        qpu.qubits >= job.qubits && (job.requestedQPU == nil || job.requestedQPU == qpu.name)
    }

    func isIdle(_ user: String) -> Bool {
        if self.snapshot.runningUsers.contains(user) { return false }
        guard let last = self.snapshot.lastJobEnd[user] else { return true }
        return self.snapshot.now - last > self.snapshot.idleThresholdSeconds
    }

    /// True if `job` started now on `qpu` could run into a slot of another user there.
    func crossesForeignSlot(_ job: PendingJob, on qpu: String) -> Bool {
        guard let slots = self.upcoming[qpu] else { return false }
        return Self.crossesForeignSlot(job, slots, now: self.snapshot.now)
    }

    /// True if `job` started at `now` could run into one of `slots` (by start time) of another user.
    static func crossesForeignSlot(_ job: PendingJob, _ slots: [Slot], now: Double) -> Bool {
        let end = now + Double(job.timeLimitSeconds)
        for slot in slots {
            if slot.start >= end { return false }
            if slot.user != job.user { return true }
        }
        return false
    }

    mutating func place(_ job: PendingJob, on qpu: String) {
        self.placed.insert(job.id)
        self.free.remove(qpu)
        self.plan.placements.append(Plan.Placement(jobID: job.id, qpu: qpu))
    }

    mutating func serveBookers() {
        for qpu in self.qpus {
            guard let slot = self.activeSlot[qpu.name] else { continue }
            let booker = self.eligible.first { job in
                job.user == slot.user && !self.placed.contains(job.id) && Self.fits(job, qpu)
                    && !self.crossesForeignSlot(job, on: qpu.name)
            }
            if let booker {
                self.place(booker, on: qpu.name)
            } else if self.isIdle(slot.user) {
                self.lent.insert(qpu.name)
            }
        }
    }

    mutating func servePriorityOrder() {
        let open = self.qpus.filter { self.free.contains($0.name) && self.activeSlot[$0.name] == nil }
        guard !open.isEmpty else { return }
        for job in self.eligible where !self.placed.contains(job.id) {
            guard
                let qpu = open.first(where: {
                    self.free.contains($0.name) && Self.fits(job, $0) && !self.crossesForeignSlot(job, on: $0.name)
                })
            else { continue }
            self.place(job, on: qpu.name)
            if !open.contains(where: { self.free.contains($0.name) }) { return }
        }
    }

    mutating func serveLentQPUs() {
        let lent = self.qpus.filter { self.lent.contains($0.name) && self.free.contains($0.name) }
        guard !lent.isEmpty else { return }
        let fifo = self.eligible.filter { !self.placed.contains($0.id) }
            .sorted { ($0.submitTime, $0.id) < ($1.submitTime, $1.id) }
        for job in fifo {
            guard
                let qpu = lent.first(where: { qpu in
                    guard self.free.contains(qpu.name), Self.fits(job, qpu), let slot = self.activeSlot[qpu.name]
                    else { return false }
                    return self.snapshot.now + Double(job.timeLimitSeconds) <= slot.end
                        && !self.crossesForeignSlot(job, on: qpu.name)
                })
            else { continue }
            self.place(job, on: qpu.name)
        }
    }

    /// Reasons for eligible jobs left waiting.
    mutating func explainWaiting() {
        for job in self.eligible where !self.placed.contains(job.id) {
            self.plan.reasons[job.id] = self.reason(waiting: job)
        }
    }

    /// Reservation if a free QPU that fits is kept from the job by a slot, else Resources
    /// if a QPU that fits is up, else QPUDown. Looks only at idle QPUs that have slots and
    /// the job's own, so it costs little per job even with many queued.
    func reason(waiting job: PendingJob) -> PendingReason {
        let blockedBySlot = self.slotBound.contains { bound in
            guard Self.fits(job, bound.qpu) else { return false }
            if let user = bound.activeUser, user != job.user { return true }
            return Self.crossesForeignSlot(job, bound.upcoming, now: self.snapshot.now)
        }
        if blockedBySlot { return .reservation }
        if let wanted = job.requestedQPU, let qpu = self.byName[wanted] {
            return qpu.state == .idle || qpu.state == .allocated ? .resources : .qpuDown
        }
        return job.qubits <= self.maxUpQubits ? .resources : .qpuDown
    }
}

/// An idle QPU with the slots that may keep a job from it.
private struct SlotBoundQPU {
    let qpu: QPUView
    /// The user whose slot holds it now, if one does.
    let activeUser: String?
    /// Its slots not yet started, by start time.
    let upcoming: [Slot]
}
