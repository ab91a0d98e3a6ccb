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
            await self.schedulePass()
        } while self.rescheduleRequested
        self.schedulingPass = nil
    }

    /// One pass: snapshot, plan, then apply each placement that still fits.
    func schedulePass() async {
        let snapshot = self.snapshot()
        guard !snapshot.pending.isEmpty else { return }
        let plan = FIFOPolicy.plan(snapshot)
        for (id, reason) in plan.reasons where self.active[id]?.state == .pending {
            self.active[id]?.reason = reason
        }
        for placement in plan.placements {
            await self.dispatch(placement)
        }
    }

    /// The scheduler's view: every QPU, and the front of each pending lane. Empty of jobs
    /// when no QPU is free, since no plan could then start anything.
    func snapshot() -> SchedulerSnapshot {
        let qpus = self.qpus.values.map { runtime in
            var state = runtime.qpu.state
            if state == .idle && (runtime.busyWith != nil || !runtime.welcomed) {
                state = runtime.welcomed ? .allocated : .down
            }
            return QPUView(name: runtime.qpu.name, qubits: runtime.qpu.qubits, state: state)
        }
        guard qpus.contains(where: { $0.state == .idle }) else {
            return SchedulerSnapshot(now: self.now(), pending: [], qpus: qpus)
        }
        let active = self.active
        let ids = self.queue.front(limit: Self.schedulingWindow) { id in
            guard let job = active[id] else { return false }
            return job.state == .pending && !job.held
        }
        let pending = ids.compactMap { id in
            self.active[id].map { job in
                PendingJob(
                    id: job.id, user: job.user, requestedQPU: job.requestedQPU, qubits: job.qubits, held: job.held,
                    submitTime: job.submitTime, timeLimitSeconds: job.timeLimitSeconds)
            }
        }
        return SchedulerSnapshot(now: self.now(), pending: pending, qpus: qpus)
    }

    /// Jobs per lane a pass looks at: FIFO starts at most one job per free QPU, so the
    /// front of each lane is enough, and a pass costs the same with 100 or 100,000 queued.
    static let schedulingWindow = 1_024

    /// Commits the job RUNNING on the QPU, then sends it. Re-checks both after every await.
    func dispatch(_ placement: Plan.Placement) async {
        guard let job = self.active[placement.jobID], job.state == .pending,
            let runtime = self.qpus[placement.qpu], runtime.busyWith == nil, runtime.welcomed, let link = runtime.link,
            let timeLimit = self.dispatchTimeLimit(for: job)
        else { return }
        let ref = JobRef(jobID: job.id, dispatchID: (job.dispatchID ?? 0) + 1)
        // Reserve before awaiting so a concurrent pass cannot pick the same QPU or job.
        self.qpus[placement.qpu]?.busyWith = ref
        self.qpus[placement.qpu]?.qpu.state = .allocated
        let started = self.now()
        let scripts: [ScriptFile]
        do {
            guard
                try await self.store.markDispatched(
                    job.id, qpu: placement.qpu, dispatchID: ref.dispatchID, time: started)
            else {
                self.release(placement.qpu, from: ref)
                return
            }
            scripts = try self.store.scripts(of: job.id)
        } catch {
            self.logger.error("cannot record dispatch: \(error)", metadata: ["job": "\(job.id)"])
            self.release(placement.qpu, from: ref)
            return
        }
        self.active[job.id]?.state = .running
        self.active[job.id]?.reason = nil
        self.active[job.id]?.qpu = placement.qpu
        self.active[job.id]?.dispatchID = ref.dispatchID
        self.active[job.id]?.startTime = started
        self.active[job.id]?.timeLimitSeconds = timeLimit
        let message = ControllerMessage.dispatch(
            Dispatch(
                ref: ref, name: job.name, user: job.user, scripts: scripts, shots: job.shots, seed: job.seed,
                timeLimitSeconds: timeLimit))
        do {
            try await link.send(message)
            self.logger.info("job dispatched", metadata: ["job": "\(job.id)", "qpu": "\(placement.qpu)"])
        } catch {
            // The node reconciles on reconnect; a node that never returns hits NodeTimeout.
            self.logger.warning(
                "dispatch not delivered: \(error)", metadata: ["job": "\(job.id)", "qpu": "\(placement.qpu)"])
        }
    }

    private func release(_ qpu: String, from ref: JobRef) {
        guard self.qpus[qpu]?.busyWith == ref else { return }
        self.qpus[qpu]?.busyWith = nil
        if self.qpus[qpu]?.qpu.state == .allocated { self.qpus[qpu]?.qpu.state = .idle }
    }
}
