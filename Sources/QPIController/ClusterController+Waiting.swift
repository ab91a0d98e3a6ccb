import QPICore
import QPIStore
import QPIWire

extension ClusterController {
    /// Waits one user may have in progress at once, over every front end; more are refused.
    public static let maxWaitersPerUser = 64
    /// Waits all users together may have in progress at once.
    public static let maxWaiters = 1_024

    /// Returns `id` once it has ended, or as it is after `timeout` seconds. Refused
    /// (`.unavailable`) beyond ``maxWaitersPerUser`` waits of the caller or ``maxWaiters`` in
    /// all: each holds a connection and a continuation until its job ends.
    public func waitForEnd(of id: JobID, timeout: Double, by caller: Caller) async throws(WireError) -> Job {
        let job = try await self.job(id, visibleTo: caller)
        guard !job.state.isFinished else { return job }
        guard self.waitersPerUser.values.reduce(0, +) < Self.maxWaiters else {
            throw WireError(.unavailable, "the controller holds its most waits (\(Self.maxWaiters)); retry later")
        }
        guard self.waitersPerUser[caller.user, default: 0] < Self.maxWaitersPerUser else {
            throw WireError(
                .unavailable,
                "\(caller.user) already has \(Self.maxWaitersPerUser) waits in progress, the most allowed; "
                    + "wait for some to end or use qstat")
        }
        self.waitersPerUser[caller.user, default: 0] += 1
        defer {
            self.waitersPerUser[caller.user, default: 1] -= 1
            if self.waitersPerUser[caller.user] == 0 { self.waitersPerUser[caller.user] = nil }
        }
        let token = self.nextWaiterToken
        self.nextWaiterToken += 1
        let timer = Task { [weak self] in
            try await Task.sleep(for: .seconds(max(0, timeout)))
            await self?.resumeWaiter(id, token: token)
        }
        let ended: Job? = await withCheckedContinuation { continuation in
            // The job may have ended while `job(id)` awaited the store.
            guard self.active[id] != nil else { return continuation.resume(returning: nil) }
            self.waiters[id, default: [:]][token] = continuation
        }
        timer.cancel()
        if let ended { return ended }
        return try await self.job(id)
    }

    /// Wakes every waiter of a job that has just ended.
    func jobEnded(_ id: JobID) async {
        self.noteEnded(id)
        guard let waiting = self.waiters.removeValue(forKey: id), !waiting.isEmpty else { return }
        let job = try? self.store.job(id)
        for continuation in waiting.values { continuation.resume(returning: job) }
    }

    private func resumeWaiter(_ id: JobID, token: Int) {
        guard let continuation = self.waiters[id]?.removeValue(forKey: token) else { return }
        if self.waiters[id]?.isEmpty == true { self.waiters.removeValue(forKey: id) }
        continuation.resume(returning: nil)
    }
}
