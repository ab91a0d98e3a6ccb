import Logging
import QPICore
import QPIScheduler
import QPIStore
import QPIWire

extension ClusterController {
    /// A node's first message on a new link: checks it against the declared QPU, takes the
    /// link over, and reconciles the jobs both sides believe are running there.
    public func nodeConnected(_ hello: NodeHello, link: any NodeLink) async -> ControllerMessage {
        guard let declared = self.fleet[hello.qpu] else {
            return .refused(WireError(.notFound, "no QPU named '\(hello.qpu)' is declared on this controller"))
        }
        if declared.qpu.executor != hello.executor {
            self.logger.warning(
                "node executor differs from the declaration",
                metadata: ["qpu": "\(hello.qpu)", "declared": "\(declared.qpu.executor)", "node": "\(hello.executor)"])
        }
        let welcome = ControllerMessage.welcome(
            session: hello.session, cluster: self.settings.clusterName, heartbeatSeconds: self.settings.heartbeatSeconds
        )
        guard self.fleet.hello(hello, on: link, now: self.now()) == .reconcile else { return welcome }
        self.logger.info(
            "node connected",
            metadata: ["qpu": "\(hello.qpu)", "running": "\(hello.running.count)", "spooled": "\(hello.spooled.count)"])

        let known = Set(hello.running + hello.spooled)
        // Jobs the controller has RUNNING here that the node no longer knows were lost with
        // the node (or their dispatch never arrived): back to the queue.
        for record in self.active.records where record.state == .running && record.qpu == hello.qpu {
            guard let dispatchID = record.dispatchID else { continue }
            let ref = JobRef(jobID: record.id, dispatchID: dispatchID)
            if !known.contains(ref) {
                await self.requeue(ref, reason: "node \(hello.qpu) restarted without the job")
            }
        }
        // Jobs the node runs that the controller has no RUNNING dispatch for (cancelled
        // meanwhile, or requeued elsewhere): stop them.
        for ref in hello.running where !self.isCurrentRun(ref, on: hello.qpu) {
            try? await link.send(.cancel(ref))
        }
        self.updateBusy(qpu: hello.qpu, running: hello.running)
        return welcome
    }

    /// The welcome for `session` has been sent on `link`: from now on the QPU takes jobs.
    public func nodeWelcomed(qpu: String, link: any NodeLink, session: UInt64) {
        if self.fleet.welcomeSent(qpu: qpu, session: session, on: link) { self.wakeScheduler() }
    }

    /// A message from `qpu`'s current link: its node is alive, and a QPU that was down
    /// because its node fell silent takes jobs again.
    func heard(from qpu: String) {
        guard self.fleet.heard(from: qpu, now: self.now()) else { return }
        self.logger.notice("node responding again", metadata: ["qpu": "\(qpu)"])
        self.wakeScheduler()
    }

    /// A heartbeat: the node is alive and runs `running`.
    public func nodeHeartbeat(qpu: String, running: [JobRef]) async {
        self.heard(from: qpu)
        await self.requeueDispatchesNeverTaken(on: qpu, running: running)
    }

    /// A second net under the hello's reconciliation: a dispatch the node has neither
    /// accepted nor listed as running over ``UnacceptedDispatch/missedHeartbeatsAllowed``
    /// heartbeats never reached it (a node drops a dispatch that comes before its welcome),
    /// so its job would stay RUNNING with nothing running it. It goes back to the queue.
    /// Heartbeats and acceptances travel in order on one link, so a node that took the
    /// dispatch has said so before the heartbeats that would count against it.
    func requeueDispatchesNeverTaken(on qpu: String, running: [JobRef]) async {
        var lost: [JobRef] = []
        for (id, entry) in self.unaccepted where entry.qpu == qpu {
            guard self.active[id]?.state == .running, self.active[id]?.dispatchID == entry.ref.dispatchID,
                !running.contains(entry.ref)
            else {
                self.unaccepted[id] = nil
                continue
            }
            self.unaccepted[id]?.missedHeartbeats += 1
            if entry.missedHeartbeats + 1 >= UnacceptedDispatch.missedHeartbeatsAllowed { lost.append(entry.ref) }
        }
        for ref in lost {
            self.unaccepted[ref.jobID] = nil
            self.logger.warning(
                "node never took a dispatch; job back to the queue", metadata: ["job": "\(ref.jobID)", "qpu": "\(qpu)"])
            await self.requeue(ref, reason: "node \(qpu) never took the dispatch")
        }
        if !lost.isEmpty { self.wakeScheduler() }
    }

    /// The node has the job and runs it.
    public func nodeAccepted(qpu: String, ref: JobRef) {
        self.heard(from: qpu)
        if self.unaccepted[ref.jobID]?.ref == ref { self.unaccepted[ref.jobID] = nil }
        guard self.active[ref.jobID]?.qpu == qpu else { return }
        self.metrics.dispatchAcknowledged(ref, at: self.now())
        self.logger.debug("job accepted by node", metadata: ["job": "\(ref.jobID)", "qpu": "\(qpu)"])
    }

    /// A job ended on a node: ``nodeResults(qpu:outcomes:)`` for one.
    public func nodeResult(qpu: String, outcome: JobOutcome) async {
        await self.nodeResults(qpu: qpu, outcomes: [outcome])
    }

    /// Jobs ended on a node, in the order it reported them. The results are committed
    /// together, in one transaction (once per dispatch, charging each user once), before
    /// the node is told it may drop them from its spool.
    ///
    /// Nodes are not trusted with other QPUs' jobs or with their own bill: the store applies
    /// a result only for the QPU the job was dispatched to, and the charge is capped
    /// (``chargeableSeconds(_:of:on:)``).
    public func nodeResults(qpu: String, outcomes: [JobOutcome]) async {
        self.heard(from: qpu)
        var finished: [(outcome: JobOutcome, state: JobState)] = []
        var transitions: [JobTransition] = []
        let calibrationID = self.latestCalibrationID(of: qpu)
        let time = self.now()
        for outcome in outcomes {
            let state: JobState
            switch outcome.status {
            case .completed: state = .completed
            case .failed: state = .failed
            case .timeout: state = .timeout
            case .cancelled:
                // A node stops a job only when the controller asked, after the controller had
                // recorded what became of it (cancelled, or requeued): there is nothing to
                // store, but the node must be told, or it keeps the outcome spooled forever.
                continue
            }
            let job = self.active[outcome.ref.jobID]
            let run = FinishedRun(
                state: state, results: outcome.results, message: outcome.message,
                qpuSeconds: self.chargeableSeconds(outcome.deviceSeconds, of: job, on: qpu),
                chargeUser: job?.user ?? "", calibrationID: calibrationID, qpu: qpu)
            transitions.append(.finish(outcome.ref.jobID, dispatchID: outcome.ref.dispatchID, run: run, time: time))
            finished.append((outcome, state))
        }
        var stored = Set(outcomes.lazy.filter { $0.status == .cancelled }.map(\.ref))
        do {
            let applied = try await self.store.applyBatch(transitions)
            for (item, result) in zip(finished, applied) {
                await self.resultCommitted(item.outcome.ref, item.state, changed: result.changed, on: qpu)
                stored.insert(item.outcome.ref)
            }
        } catch {
            // One result the store refuses must not hold back the others: each alone. One
            // still refused is not acknowledged: the node keeps it spooled and sends it again.
            for (item, transition) in zip(finished, transitions) {
                do {
                    let applied = try await self.store.applyBatch([transition])
                    await self.resultCommitted(item.outcome.ref, item.state, changed: applied[0].changed, on: qpu)
                    stored.insert(item.outcome.ref)
                } catch {
                    self.logger.error("cannot store result: \(error)", metadata: ["job": "\(item.outcome.ref.jobID)"])
                }
            }
        }
        for outcome in outcomes where stored.contains(outcome.ref) {
            await self.resultHandled(outcome.ref, on: qpu)
        }
    }

    /// A result's transaction committed; `changed` when it ended the job (a repeated or stale
    /// result changes nothing).
    private func resultCommitted(_ ref: JobRef, _ state: JobState, changed: Bool, on qpu: String) async {
        guard changed else { return }
        self.active.removeValue(forKey: ref.jobID)
        await self.jobEnded(ref.jobID)
        self.logger.info("job ended", metadata: ["job": "\(ref.jobID)", "state": "\(state.rawValue)", "qpu": "\(qpu)"])
    }

    /// What a run reported as `reported` qpu_seconds may cost: no more than the time limit it
    /// was dispatched with, nor than the wall time since its dispatch plus a second of slack
    /// (the node measures the run inside that interval). Nothing for a job that is not
    /// running on `qpu`, whose result the store refuses anyway.
    func chargeableSeconds(_ reported: Double, of job: Job?, on qpu: String) -> Double {
        guard let job, job.state == .running, job.qpu == qpu, reported.isFinite else { return 0 }
        var cap = Double(job.timeLimitSeconds)
        if let start = job.startTime { cap = min(cap, max(0, self.now() - start) + 1) }
        guard reported > cap else { return max(0, reported) }
        self.logger.warning(
            "node reported more qpu_seconds than the run can have used; charging the cap",
            metadata: ["job": "\(job.id)", "qpu": "\(qpu)", "reported": "\(reported)", "charged": "\(cap)"])
        return cap
    }

    /// The outcome of `ref` is stored (or needs no storing): its place on the QPU is free
    /// for the next job, and the node may drop the outcome from its spool.
    private func resultHandled(_ ref: JobRef, on qpu: String) async {
        self.fleet.release(ref, from: qpu, now: self.now())
        try? await self.fleet[qpu]?.session.link?.send(.resultStored(ref))
        self.wakeScheduler()
    }

    /// The link to a node dropped. Its running jobs wait for NodeTimeout: a node that
    /// reconnects in time reports them and nothing is lost or repeated.
    public func nodeDisconnected(qpu: String, link: any NodeLink) {
        guard self.fleet.linkDropped(qpu: qpu, link: link) else { return }
        self.logger.warning("node disconnected", metadata: ["qpu": "\(qpu)"])
    }

    /// Whether `link` is the current link of `qpu` (messages from replaced links are ignored).
    public func isCurrentLink(_ link: any NodeLink, for qpu: String) -> Bool {
        self.fleet.isCurrent(link, for: qpu)
    }

    /// Whether `ref` is the run the controller has RUNNING on `qpu`: what a node says of
    /// any other run (a lost one, or another QPU's) changes nothing.
    func isCurrentRun(_ ref: JobRef, on qpu: String) -> Bool {
        guard let job = self.active[ref.jobID] else { return false }
        return job.state == .running && job.dispatchID == ref.dispatchID && job.qpu == qpu
    }

    /// What a hello says `qpu` holds: the runs it lists (running first, then its queue) that
    /// are still this controller's, after those it finished and has spooled, whose results
    /// follow the welcome. A dispatch being recorded while the node said hello is dropped
    /// here; ``dispatch(_:)`` sees that and requeues its job.
    func updateBusy(qpu: String, running: [JobRef]) {
        let listed = running.filter { self.isCurrentRun($0, on: qpu) }
        self.fleet.reconcile(qpu: qpu, listed: listed, isCurrent: { self.isCurrentRun($0, on: qpu) }, now: self.now())
    }

    /// Puts a running job back in the queue, or ends it in `exhausted` (NODE_FAIL or
    /// TIMEOUT) past MaxRequeue.
    func requeue(_ ref: JobRef, reason: String, exhausted: JobState = .nodeFail) async {
        let lost = self.active[ref.jobID]
        do {
            guard
                try await self.store.requeue(
                    ref.jobID, dispatchID: ref.dispatchID, reason: reason, maxRequeue: self.settings.maxRequeue,
                    exhaustedState: exhausted, time: self.now()) != nil,
                let updated = try self.store.job(ref.jobID)
            else { return }
            if let qpu = self.active[ref.jobID]?.qpu { self.fleet.release(ref, from: qpu, now: self.now()) }
            if updated.state.isFinished {
                self.active.removeValue(forKey: ref.jobID)
                await self.jobEnded(ref.jobID)
                self.logger.warning(
                    "job ended: lost more than MaxRequeue times",
                    metadata: ["job": "\(ref.jobID)", "state": "\(updated.state.rawValue)", "reason": "\(reason)"])
            } else {
                var queued = updated
                queued.reason = updated.held ? .held : .priority
                self.active[ref.jobID] = queued
                if !updated.held { self.queue.insert(queued) }
                self.metrics.jobRequeued(ref.jobID, qpu: lost?.qpu, start: lost?.startTime, end: self.now())
                self.logger.warning("job requeued", metadata: ["job": "\(ref.jobID)", "reason": "\(reason)"])
            }
        } catch {
            self.logger.error("cannot requeue job: \(error)", metadata: ["job": "\(ref.jobID)"])
        }
    }
}
