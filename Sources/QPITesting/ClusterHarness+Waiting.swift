import QPICore
import QPIDocuments
import QPIWire

extension ClusterHarness {
    /// Polls `probe` every `interval` until it returns a value, for at most `limit`.
    ///
    /// A probe that throws counts as "not yet" (a command run while a daemon restarts
    /// fails), and its last error is reported if time runs out.
    /// - Throws: ``HarnessError`` naming `what`, with the last probe error, when `limit`
    ///   passes first.
    public func waitFor<T>(
        _ what: String,
        within limit: Duration,
        every interval: Duration = .milliseconds(100),
        _ probe: () async throws -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + limit
        var lastError: (any Error)?
        while true {
            do {
                if let value = try await probe() { return value }
                lastError = nil
            } catch {
                lastError = error
            }
            guard ContinuousClock.now < deadline else { break }
            try await Task.sleep(for: interval)
        }
        let cause = lastError.map { "; last attempt: \($0)" } ?? ""
        throw HarnessError("timed out after \(limit) waiting for \(what)\(cause)")
    }

    /// The QPUs as `qinfo --json` reports them.
    public func qpuStatuses() async throws -> [QPUStatus] {
        try await self.document(ListJSON<QPUJSON>.self, "qinfo", ["--json"]).items.map(\.status)
    }

    /// Waits until the controller answers and every QPU in `names` (all by default) is IDLE.
    public func waitUntilIdle(_ names: [String]? = nil, within limit: Duration = .seconds(30)) async throws {
        let wanted = Set(names ?? self.qpus.map(\.name))
        _ = try await self.waitFor("QPUs \(wanted.sorted()) to be idle", within: limit) { () async throws -> Bool? in
            let idle = try await self.qpuStatuses().filter { $0.qpu.state == .idle }.map(\.qpu.name)
            return wanted.isSubset(of: idle) ? true : nil
        }
    }

    /// Waits until the controller answers requests (after a start or restart).
    public func waitUntilAnswering(within limit: Duration = .seconds(30)) async throws {
        _ = try await self.waitFor("qpictld to answer", within: limit) { try await self.qpuStatuses() }
    }
}
