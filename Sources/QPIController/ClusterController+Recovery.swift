import QPICore
import QPIWire

extension ClusterController {
    /// The periodic safety net (every RecoveryInterval): requeues jobs whose node has been
    /// silent past NodeTimeout, or that ran past their time limit plus JobTimeout without
    /// an answer from a connected node.
    public func recoverySweep() async {
        let now = self.now()
        var lost: [(JobRef, String)] = []
        for job in self.active.values where job.state == .running {
            guard let qpu = job.qpu, let dispatchID = job.dispatchID, let runtime = self.qpus[qpu] else { continue }
            let ref = JobRef(jobID: job.id, dispatchID: dispatchID)
            if runtime.link == nil && now - runtime.lastSeen > self.settings.nodeTimeoutSeconds {
                lost.append((ref, "node \(qpu) not responding for \(Int(now - runtime.lastSeen))s"))
            } else if let start = job.startTime,
                now - start > Double(job.timeLimitSeconds) + self.settings.jobTimeoutSeconds
            {
                lost.append((ref, "no answer from node \(qpu) past the time limit"))
                if let link = runtime.link { try? await link.send(.cancel(ref)) }
            }
        }
        for (ref, reason) in lost { await self.requeue(ref, reason: reason) }
        if !lost.isEmpty { self.wakeScheduler() }
    }
}
