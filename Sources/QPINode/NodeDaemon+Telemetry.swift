import Foundation
import Logging
import QPICore
import QPIWire

extension NodeDaemon {
    /// One executor event waiting to be forwarded.
    struct ExecutorEvent: Sendable {
        var kind: String
        var data: [String: Double]
    }

    /// Forwards the executor's events to the controller until the daemon stops, under the
    /// per-node rate limit. Events while the link is down are dropped: telemetry is a
    /// live feed, and the executor sends fresh values soon enough.
    func forwardTelemetry() async {
        var limiter = TelemetryRateLimiter(perSecond: self.settings.telemetryPerSecond)
        let clock = ContinuousClock()
        let origin = clock.now
        for await event in self.executorEvents {
            let decision = limiter.admit(at: (clock.now - origin) / .seconds(1))
            if let dropped = decision.droppedInLastWindow {
                self.logger.warning(
                    "telemetry rate limit: dropped \(dropped) executor events in one second",
                    metadata: ["limit": "\(limiter.perSecond)/s", "dropped_total": "\(limiter.droppedTotal)"])
            }
            if decision.firstDropInWindow {
                self.logger.warning(
                    "executor sends more than \(limiter.perSecond) events a second; dropping the excess",
                    metadata: ["kind": "\(event.kind)"])
            }
            guard decision.forward, self.sessionUp else { continue }
            let forwarded = TelemetryEvent(
                time: Date().timeIntervalSince1970, kind: event.kind, data: event.data,
                droppedBefore: decision.droppedBefore)
            await self.send(.telemetry(forwarded))
        }
    }
}
