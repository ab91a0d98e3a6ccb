import QPICore
import QPIStore
import QPIWire

/// `qctl diag` and the live part of `/metrics`: both read the same measurements.
extension ClusterController {
    /// The controller's statistics since it started, with the queue and QPUs as they are now.
    public func diagnostics() -> DiagReport {
        let now = self.now()
        let starts = self.runningStarts()
        let statistics = self.metrics.statistics
        let qpus = self.fleet.members.values.map { member in
            let busy = statistics.busySeconds(
                of: member.qpu.name, runningSince: starts[member.qpu.name] ?? [], now: now)
            return DiagReport.QPUUsage(
                name: member.qpu.name, state: member.qpu.state, busySeconds: busy,
                utilisation: statistics.utilisation(busySeconds: busy, now: now))
        }.sorted { $0.name < $1.name }
        return DiagReport(
            cluster: self.settings.clusterName, version: QPIVersion.current, time: now, statistics: statistics,
            queue: self.queueSizes(), qpus: qpus, requests: self.requests.counts, store: self.store.status)
    }

    /// Brings the gauges and the busy time of runs in progress up to date; `/metrics` calls
    /// it before each scrape, since a gauge set only at events would lag the queue.
    public func refreshMetrics() {
        self.metrics.refresh(queue: self.queueSizes(), runningSince: self.runningStarts(), now: self.now())
    }

    func queueSizes() -> DiagReport.QueueSizes {
        let pending = self.active.pendingCount
        return DiagReport.QueueSizes(
            pending: pending, held: self.active.heldCount, running: self.active.count - pending)
    }

    /// When each QPU's runs in progress started (one at a time; a list, as the store allows more).
    private func runningStarts() -> [String: [Double]] {
        var starts: [String: [Double]] = [:]
        for record in self.active.records where record.state == .running {
            if let qpu = record.qpu, let start = record.startTime { starts[qpu, default: []].append(start) }
        }
        return starts
    }
}
