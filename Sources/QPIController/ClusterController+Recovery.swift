import Logging
import QPICore
import QPIWire

extension ClusterController {
    /// The periodic safety net (every RecoveryInterval): a node silent past NodeTimeout,
    /// connected or not, counts as lost: its QPU is DOWN until the node speaks again, and
    /// its running jobs are requeued (and cancelled on the node, should it wake up). Jobs
    /// that ran past their time limit plus JobTimeout without an answer are requeued too.
    /// `LostRun` holds the rule; past MaxRequeue a job ends NODE_FAIL or TIMEOUT.
    public func recoverySweep() async {
        let now = self.now()
        defer { self.lastSweep = now }
        // A sweep far behind its schedule means the controller itself stood still
        // (stopped, starved): the silence it would see is its own, not its nodes'.
        if let last = self.lastSweep,
            now - last > self.settings.recoveryIntervalSeconds + self.settings.nodeTimeoutSeconds / 2
        {
            self.fleet.forgiveSilence(now: now)
            return
        }
        for (name, link, silent) in self.fleet.markSilent(now: now, nodeTimeout: self.settings.nodeTimeoutSeconds) {
            self.logger.warning(
                "node not responding; QPU down until it connects again",
                metadata: ["qpu": "\(name)", "silent": "\(Int(silent))s"])
            link.drop()
        }
        var lost: [(JobRef, LostRun)] = []
        for record in self.active.records where record.state == .running {
            let job = record.job
            guard let qpu = job.qpu, let dispatchID = job.dispatchID, let member = self.fleet[qpu] else { continue }
            let ref = JobRef(jobID: job.id, dispatchID: dispatchID)
            // A job waiting in its node's queue has not started: its limit runs from when
            // the one before it ended, so only the first in flight is held to it.
            let startTime: Double?
            switch member.inFlight.firstIndex(of: ref) {
            case 0: startTime = member.headStart(of: job)
            case .some: startTime = nil
            case nil: startTime = job.startTime
            }
            if let verdict = LostRun.check(
                qpu: qpu, startTime: startTime, timeLimitSeconds: job.timeLimitSeconds,
                nodeLastSeen: member.session.lastSeen, now: now, nodeTimeout: self.settings.nodeTimeoutSeconds,
                jobTimeout: self.settings.jobTimeoutSeconds)
            {
                lost.append((ref, verdict))
            }
        }
        for (ref, verdict) in lost {
            if let qpu = self.active[ref.jobID]?.qpu, let link = self.fleet[qpu]?.session.link {
                try? await link.send(.cancel(ref))
            }
            await self.requeue(ref, reason: verdict.reason, exhausted: verdict.exhaustedState)
        }
        if !lost.isEmpty { self.wakeScheduler() }
    }
}
