import CoreMetrics
import QPICore
import Synchronization

/// Requests served, by type and by user, for `qctl diag` and `/metrics`. Every front end
/// of the controller records into the one instance the controller holds.
///
/// Requests are counted on the serving tasks, not on the controller's actor, so that
/// counting never waits behind the queue's work.
public final class RequestStatistics: Sendable {
    private struct State {
        var counts = RequestCounts()
        var counters: [String: Counter] = [:]
    }

    private let state = Mutex(State())
    private let factory: any MetricsFactory

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// Counts one request of `type` from `user` that took `seconds` to serve. Types the
    /// front end does not know must come as ``RequestCounts/unknownType``.
    public func record(type: String, user: String, seconds: Double) {
        let counter = self.state.withLock { state in
            state.counts.record(type: type, user: user, seconds: seconds)
            if let counter = state.counters[type] { return counter }
            let counter = Counter(
                label: ControllerMetrics.Name.requests, dimensions: [("type", type)], factory: self.factory)
            state.counters[type] = counter
            return counter
        }
        counter.increment()
    }

    /// The counts so far.
    public var counts: RequestCounts {
        self.state.withLock { $0.counts }
    }
}
