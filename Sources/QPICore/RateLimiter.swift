/// A token bucket: at most `ratePerSecond` events per second on average, with bursts of
/// up to `burst`. Pure: the caller passes the time, so tests need no clock.
///
/// Meant for per-node limits such as telemetry events (the reference allows 100/s):
/// an event the bucket refuses is dropped and counted, never queued.
public struct RateLimiter: Sendable, Hashable {
    public let ratePerSecond: Double
    public let burst: Double
    private var available: Double
    private var last: Double?
    /// Events refused since the limiter was made.
    public private(set) var refused = 0

    public init(ratePerSecond: Double, burst: Double? = nil) {
        precondition(ratePerSecond > 0, "a rate limit must be positive")
        self.ratePerSecond = ratePerSecond
        self.burst = max(1, burst ?? ratePerSecond)
        self.available = self.burst
    }

    /// Takes one event at `now` (seconds, any monotonic origin); false when over the limit.
    public mutating func allow(now: Double) -> Bool {
        if let last = self.last, now > last {
            self.available = min(self.burst, self.available + (now - last) * self.ratePerSecond)
        }
        self.last = max(self.last ?? now, now)
        guard self.available >= 1 else {
            self.refused += 1
            return false
        }
        self.available -= 1
        return true
    }
}
