import QPICore
import QPIStore
import QPIWire

extension ClusterController {
    /// Returns `id` once it has ended, or as it is after `timeout` seconds.
    public func waitForEnd(of id: JobID, timeout: Double, by caller: Caller) async throws(WireError) -> Job {
        let job = try await self.job(id)
        guard !job.state.isFinished else { return job }
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
