import Logging
import QPIWire

extension NodeDaemon {
    /// Seconds results may wait for the controller's acknowledgement before they are sent again.
    static let resultResendSeconds = 5.0

    /// Sends the results still waiting for an acknowledgement again once some have waited
    /// ``resultResendSeconds``; called every heartbeat tick while the session is up.
    ///
    /// A controller that could not store a result (its disk full, its store failing) does
    /// not acknowledge it and counts on this: without it the result would wait for the
    /// next reconnection, with its job RUNNING and its QPU allocated until then. The
    /// controller stores a result once per dispatch, so a resend is always safe.
    func resendUnacknowledged(now: Double) async {
        guard !self.unacknowledged.isEmpty else {
            self.unacknowledgedSince = 0
            return
        }
        guard self.unacknowledgedSince > 0 else {
            self.unacknowledgedSince = now
            return
        }
        guard now - self.unacknowledgedSince >= Self.resultResendSeconds else { return }
        let waiting = self.unacknowledged.values.sorted {
            ($0.ref.jobID, $0.ref.dispatchID) < ($1.ref.jobID, $1.ref.dispatchID)
        }
        self.logger.notice("results unacknowledged, sending them again", metadata: ["count": "\(waiting.count)"])
        for outcome in waiting { await self.send(.result(outcome)) }
        self.unacknowledgedSince = now
    }
}
