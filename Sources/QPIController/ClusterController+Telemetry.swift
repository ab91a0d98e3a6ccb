import Logging
import QPICore
import QPIStore
import QPIWire

extension ClusterController {
    /// Limits on one event, so that a misbehaving executor cannot fill the store with
    /// one message: names as long as a Slurm feature name, and a few hundred values
    /// (a large chip's per-qubit T1, T2 and readout fidelity).
    static let maxTelemetryNameLength = 128
    static let maxTelemetryValues = 4_096
    /// The event kind whose newest id each finished job records.
    static let calibrationKind = "calibration"

    /// Stores an event forwarded by `qpu`'s node, at the time it arrived (a node's clock is
    /// not trusted with the store's order). Values that are not finite numbers, events
    /// that break the limits and events over the per-QPU rate limit are dropped with a log
    /// line; the node is not told, as telemetry is best effort.
    package func nodeTelemetry(qpu: String, event: TelemetryEvent) async {
        let now = self.now()
        guard let decision = self.fleet.admitTelemetry(from: qpu, now: now) else { return }
        if let dropped = decision.droppedInLastWindow {
            self.logger.warning(
                "telemetry over the controller's rate limit: dropped \(dropped) events in one second",
                metadata: ["qpu": "\(qpu)", "limit": "\(TelemetryRateLimiter.defaultPerSecond)/s"])
        }
        guard decision.forward else { return }
        if event.droppedBefore > 0 {
            self.logger.notice(
                "node dropped telemetry over its rate limit",
                metadata: ["qpu": "\(qpu)", "dropped": "\(event.droppedBefore)"])
        }
        guard !event.kind.isEmpty, event.kind.count <= Self.maxTelemetryNameLength,
            event.data.count <= Self.maxTelemetryValues,
            event.data.keys.allSatisfy({ !$0.isEmpty && $0.count <= Self.maxTelemetryNameLength })
        else {
            self.logger.warning(
                """
                telemetry event refused: kind and names must be 1 to \(Self.maxTelemetryNameLength) characters, \
                at most \(Self.maxTelemetryValues) values
                """,
                metadata: ["qpu": "\(qpu)", "kind": "\(event.kind.prefix(Self.maxTelemetryNameLength))"])
            return
        }
        let data = event.data.filter { $0.value.isFinite }
        do {
            let id = try await self.store.appendTelemetry(qpu: qpu, time: now, kind: event.kind, data: data)
            if event.kind == Self.calibrationKind { self.latestCalibrations[qpu] = .some(String(id)) }
        } catch {
            self.logger.error("cannot store telemetry: \(error)", metadata: ["qpu": "\(qpu)"])
        }
    }

    /// A QPU's stored events, newest first, for `qinfo --telemetry` and the dashboard.
    public func telemetry(_ request: TelemetryRequest) throws(WireError) -> [TelemetryRecord] {
        guard self.fleet[request.qpu] != nil else {
            throw WireError(
                .notFound, "no QPU named '\(request.qpu)' is declared (known: \(self.fleet.knownNames))", field: "qpu")
        }
        guard (1...TelemetryRequest.maxLimit).contains(request.limit) else {
            throw WireError(
                .invalidArgument, "limit must be 1 to \(TelemetryRequest.maxLimit), got \(request.limit)",
                field: "limit")
        }
        do {
            return try self.store.telemetry(
                qpu: request.qpu, kind: request.kind, since: request.since, limit: request.limit)
        } catch {
            throw WireError(.unavailable, "cannot read the telemetry of QPU \(request.qpu): \(error)")
        }
    }

    /// The id of `qpu`'s newest `calibration` event, recorded with each finished job so
    /// that a result can be traced to the device state it ran on; nil when there is none.
    func latestCalibrationID(of qpu: String) -> String? {
        if let known = self.latestCalibrations[qpu] { return known }
        do {
            let id = try self.store.telemetry(qpu: qpu, kind: Self.calibrationKind, limit: 1).first.map {
                String($0.id)
            }
            self.latestCalibrations[qpu] = .some(id)
            return id
        } catch {
            self.logger.warning("cannot read the latest calibration: \(error)", metadata: ["qpu": "\(qpu)"])
            return nil
        }
    }

    /// Deletes telemetry older than EventRetention.
    public func purgeTelemetry() async {
        let cutoff = self.now() - self.settings.eventRetentionSeconds
        do {
            let purged = try await self.store.purgeTelemetry(before: cutoff)
            if purged > 0 {
                // The newest calibration may have been among them.
                self.latestCalibrations.removeAll()
                self.logger.info("telemetry past EventRetention purged", metadata: ["events": "\(purged)"])
            }
        } catch {
            self.logger.error("cannot purge old telemetry: \(error)")
        }
    }
}
