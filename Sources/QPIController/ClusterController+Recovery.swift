import Logging
import QPICore
import QPIWire

extension ClusterController {
    /// The periodic safety net (every RecoveryInterval): a node silent past NodeTimeout,
    /// connected or not, counts as lost: its QPU is DOWN until the node speaks again, and
    /// its running jobs are requeued (and cancelled on the node, should it wake up). Jobs
    /// that ran past their time limit plus JobTimeout without an answer are requeued too.
    public func recoverySweep() async {
        let now = self.now()
        defer { self.lastSweep = now }
        // A sweep far behind its schedule means the controller itself stood still
        // (stopped, starved): the silence it would see is its own, not its nodes'.
        if let last = self.lastSweep,
            now - last > self.settings.recoveryIntervalSeconds + self.settings.nodeTimeoutSeconds / 2
        {
            for name in self.qpus.keys { self.qpus[name]?.lastSeen = now }
            return
        }
        for (name, runtime) in self.qpus
        where runtime.link != nil && now - runtime.lastSeen > self.settings.nodeTimeoutSeconds
            && (runtime.qpu.state == .idle || runtime.qpu.state == .allocated)
        {
            self.qpus[name]?.qpu.state = .down
            self.logger.warning(
                "node not responding; QPU down until it does",
                metadata: ["qpu": "\(name)", "silent": "\(Int(now - runtime.lastSeen))s"])
        }
        var lost: [(JobRef, String)] = []
        for job in self.active.values where job.state == .running {
            guard let qpu = job.qpu, let dispatchID = job.dispatchID, let runtime = self.qpus[qpu] else { continue }
            let ref = JobRef(jobID: job.id, dispatchID: dispatchID)
            if now - runtime.lastSeen > self.settings.nodeTimeoutSeconds {
                lost.append((ref, "node \(qpu) not responding for \(Int(now - runtime.lastSeen))s"))
            } else if let start = job.startTime,
                now - start > Double(job.timeLimitSeconds) + self.settings.jobTimeoutSeconds
            {
                lost.append((ref, "no answer from node \(qpu) past the time limit"))
            }
        }
        for (ref, reason) in lost {
            if let qpu = self.active[ref.jobID]?.qpu, let link = self.qpus[qpu]?.link {
                try? await link.send(.cancel(ref))
            }
            await self.requeue(ref, reason: reason)
        }
        if !lost.isEmpty { self.wakeScheduler() }
    }
}
