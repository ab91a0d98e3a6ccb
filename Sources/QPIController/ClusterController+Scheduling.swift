import Logging
import QPICore
import QPIScheduler
import QPIStore
import QPIWire

extension ClusterController {
    /// Asks for a scheduling pass: at once if none is running, else right after it.
    public func wakeScheduler() {
        if self.schedulingPass != nil {
            self.rescheduleRequested = true
            return
        }
        self.schedulingPass = Task { await self.schedulingLoop() }
    }

    private func schedulingLoop() async {
        repeat {
            self.rescheduleRequested = false
            let clock = ContinuousClock()
            let start = clock.now
            await self.schedulePass()
            self.metrics.schedulerPassEnded(seconds: (clock.now - start).totalSeconds)
        } while self.rescheduleRequested
        self.schedulingPass = nil
    }

    /// One pass: snapshot, plan, then apply each placement that still fits. A plan starts
    /// at most one job per QPU, so a pass that sent any asks for another: a QPU with room
    /// for more in its node's queue (DispatchDepth) fills up over a few passes, and the
    /// pass after the last finds no QPU free and costs next to nothing.
    func schedulePass() async {
        let (snapshot, waiting) = self.snapshot()
        for (id, reason) in waiting { self.active.setReason(reason, ofPending: id) }
        guard !snapshot.pending.isEmpty else { return }
        let plan = SchedulingPolicy.plan(snapshot)
        for (id, reason) in plan.reasons { self.active.setReason(reason, ofPending: id) }
        // Together, so that their commits share the store's transactions.
        let sent = await withTaskGroup(of: Bool.self) { group in
            for placement in plan.placements {
                group.addTask { await self.dispatch(placement) }
            }
            var any = false
            for await went in group { any = any || went }
            return any
        }
        if sent && self.settings.dispatchDepth > 1 { self.rescheduleRequested = true }
    }

    /// The scheduler's view: every QPU, the front of each pending lane, slots, balances.
    /// Empty of jobs when no QPU is free, since no plan could then start anything.
    ///
    /// Jobs that wait whatever the QPUs (on a dependency, or for balance) are passed over
    /// while reading the lanes, so that a run of them cannot hide the jobs behind; they
    /// are returned with their reasons instead.
    func snapshot() -> (SchedulerSnapshot, waiting: [JobID: PendingReason]) {
        let qpus = self.qpuViews()
        let now = self.now()
        let free = Set(qpus.lazy.filter { $0.state == .idle }.map(\.name))
        guard !free.isEmpty else { return (SchedulerSnapshot(now: now, pending: [], qpus: qpus), [:]) }
        let active = self.active
        let ended = self.scheduling.endedStates
        let balances = self.limitedBalances()
        let enforce = self.settings.enforceBalance
        var waiting: [JobID: PendingReason] = [:]
        // Running tasks of arrays with a %MAX, per array. The lanes ask about an entry more
        // than once, so the check there reads only this; tasks taken beyond the bound in this
        // pass are set back below.
        var arrayTasks: [JobID: Int] = [:]
        for ref in self.fleet.allInFlight {
            if let array = active[ref.jobID]?.array, array.limit != nil {
                arrayTasks[array.arrayJobID, default: 0] += 1
            }
        }
        let runningTasks = arrayTasks
        let classify = { (id: JobID) -> PendingQueue.Disposition in
            guard let job = active[id], job.state == .pending, !job.held else { return .gone }
            if let array = job.array, let limit = array.limit, runningTasks[array.arrayJobID, default: 0] >= limit {
                waiting[id] = .jobArrayTaskLimit
                return .wait
            }
            var states: [JobID: JobState] = [:]
            for target in job.dependency?.jobIDs ?? [] {
                if let state = active[target]?.state ?? ended[target] { states[target] = state }
            }
            if let reason = SchedulingPolicy.waitReason(
                held: false, beginTime: job.beginTime, now: now, user: job.user, dependency: job.dependency,
                balances: balances, enforceBalance: enforce, dependencyStates: states)
            {
                waiting[id] = reason
                return .wait
            }
            return .take
        }
        let window = PendingQueue.window(freeQPUs: free.count)
        var ids = self.queue.front(freeQPUs: free, classify: classify)
        // A booker with no balance left has nothing to take; their lane is not read.
        let bookers = self.scheduling.slots.bookers(at: now)
            .filter { !enforce || (balances[$0] ?? 1) > 0 }
        for booker in bookers.sorted() {
            ids += self.queue.front(ofUser: booker, limit: window, classify: classify)
        }
        var dependencyStates: [JobID: JobState] = [:]
        // A job held and released again may have two queue entries until a pass walks
        // past the older one.
        var seen = Set<JobID>()
        let pending = ids.compactMap { id -> PendingJob? in
            guard seen.insert(id).inserted else { return nil }
            if let array = self.active[id]?.array, let limit = array.limit {
                guard arrayTasks[array.arrayJobID, default: 0] < limit else {
                    waiting[id] = .jobArrayTaskLimit
                    return nil
                }
                arrayTasks[array.arrayJobID, default: 0] += 1
            }
            return self.active[id].map { job in
                for target in job.dependency?.jobIDs ?? [] {
                    if let state = self.active[target]?.state ?? self.scheduling.endedStates[target] {
                        dependencyStates[target] = state
                    }
                }
                return PendingJob(
                    id: job.id, user: job.user, requestedQPU: job.requestedQPU, qubits: job.qubits, held: job.held,
                    submitTime: job.submitTime, timeLimitSeconds: job.timeLimitSeconds, priority: job.priority,
                    dependency: job.dependency, beginTime: job.beginTime)
            }
        }
        let running = Set(self.fleet.allInFlight.compactMap { self.active[$0.jobID]?.user })
        self.scheduling.slots.dropEnded(at: now)
        let snapshot = SchedulerSnapshot(
            now: now, pending: pending, qpus: qpus, slots: self.scheduling.slots.all, balances: balances,
            enforceBalance: enforce, idleThresholdSeconds: self.settings.idleThresholdSeconds,
            lastJobEnd: self.scheduling.lastJobEnd, runningUsers: running, dependencyStates: dependencyStates)
        return (snapshot, waiting)
    }

    /// The QPUs as the scheduler sees them (``QPUFleet/views(depth:slots:)``).
    func qpuViews() -> [QPUView] {
        self.fleet.views(depth: self.settings.dispatchDepth, slots: self.scheduling.slots.all)
    }

    /// A fresh, unguessable dispatch id, never the job's previous one, so a late result of a
    /// lost run cannot match the new run. Below 2^53, so JavaScript clients read it exactly.
    static func newDispatchID(after previous: Int64?) -> Int64 {
        var id: Int64
        repeat { id = Int64.random(in: 1...(1 << 53 - 1)) } while id == previous
        return id
    }

    /// Commits the job RUNNING on the QPU, then sends it. Re-checks both after every await.
    /// Returns whether the job went out.
    @discardableResult
    func dispatch(_ placement: Plan.Placement) async -> Bool {
        guard let job = self.active[placement.jobID], job.state == .pending,
            let member = self.fleet.room(on: placement.qpu, depth: self.settings.dispatchDepth),
            let link = member.session.link,
            let timeLimit = self.dispatchTimeLimit(for: job)
        else { return false }
        let ref = JobRef(jobID: job.id, dispatchID: Self.newDispatchID(after: job.dispatchID))
        let session = member.session.id
        // Reserve before awaiting so a concurrent pass cannot pick the same QPU or job.
        self.fleet.reserve(ref, on: placement.qpu, now: self.now())
        let started = self.now()
        let scripts: [ScriptFile]
        do {
            guard
                let stored = try await self.store.dispatch(
                    job.id, qpu: placement.qpu, dispatchID: ref.dispatchID, time: started)
            else {
                self.fleet.release(ref, from: placement.qpu, now: self.now())
                return false
            }
            scripts = stored
        } catch {
            self.logger.error("cannot record dispatch: \(error)", metadata: ["job": "\(job.id)"])
            self.fleet.release(ref, from: placement.qpu, now: self.now())
            return false
        }
        // One write: each rebuilds the job's compact record.
        if var running = self.active[job.id] {
            running.state = .running
            running.reason = nil
            running.qpu = placement.qpu
            running.dispatchID = ref.dispatchID
            running.startTime = started
            running.timeLimitSeconds = timeLimit
            self.active[job.id] = running
        }
        self.metrics.jobDispatched(job, at: started)
        // The node may have said hello again while the dispatch was being recorded: its hello
        // could not list this run and released the reservation, and a dispatch that reached
        // it before the welcome would be dropped, leaving the job RUNNING with no node
        // running it. Such a dispatch goes back to the queue instead of out.
        guard let current = self.fleet[placement.qpu], current.session.id == session, current.session.welcomed,
            current.inFlight.contains(ref), current.session.isCurrent(link)
        else {
            self.logger.notice(
                "dispatch withdrawn: the node reconnected while it was recorded",
                metadata: ["job": "\(job.id)", "qpu": "\(placement.qpu)"])
            await self.requeue(ref, reason: "node \(placement.qpu) reconnected while the job was being dispatched")
            self.wakeScheduler()
            return false
        }
        let message = ControllerMessage.dispatch(
            Dispatch(
                ref: ref, name: job.name, user: job.user, scripts: scripts, shots: job.shots, seed: job.seed,
                timeLimitSeconds: timeLimit, executorOptions: job.executorOptions.isEmpty ? nil : job.executorOptions))
        self.metrics.dispatchSent(ref, at: self.now())
        self.unaccepted[job.id] = UnacceptedDispatch(qpu: placement.qpu, ref: ref)
        do {
            try await link.send(message)
            self.logger.info("job dispatched", metadata: ["job": "\(job.id)", "qpu": "\(placement.qpu)"])
        } catch {
            // The node reconciles on reconnect; a node that never returns hits NodeTimeout.
            self.logger.warning(
                "dispatch not delivered: \(error)", metadata: ["job": "\(job.id)", "qpu": "\(placement.qpu)"])
        }
        return true
    }
}
