/// Caps executor events at `perSecond` in each one-second window; the excess is dropped
/// and counted. A node applies it before forwarding (an executor flooding events costs
/// the controller nothing), and the controller again per QPU on receipt (a node that skips
/// its own limit cannot fill the store).
public struct TelemetryRateLimiter: Sendable {
    /// What to do with one event.
    public struct Decision: Sendable, Hashable {
        /// Forward it (false: drop it).
        public var forward: Bool
        /// Events dropped since the last forwarded one, to send along with this one.
        public var droppedBefore: Int
        /// This is the first event dropped in its window: say so in the log.
        public var firstDropInWindow: Bool
        /// A window just ended with drops: how many, for the log.
        public var droppedInLastWindow: Int?
    }

    /// The reference implementation's limit.
    public static let defaultPerSecond = 100

    public let perSecond: Int
    private var windowStart = -Double.infinity
    private var forwardedInWindow = 0
    private var droppedInWindow = 0
    private var droppedSinceForward = 0
    /// Every event dropped since the limiter was made.
    public private(set) var droppedTotal = 0

    public init(perSecond: Int = Self.defaultPerSecond) {
        self.perSecond = perSecond
    }

    /// Decides about one event arriving at `now` (seconds, any monotonic origin).
    public mutating func admit(at now: Double) -> Decision {
        var endedWithDrops: Int?
        if now - self.windowStart >= 1 {
            if self.droppedInWindow > 0 { endedWithDrops = self.droppedInWindow }
            self.windowStart = now
            self.forwardedInWindow = 0
            self.droppedInWindow = 0
        }
        guard self.forwardedInWindow < self.perSecond else {
            self.droppedInWindow += 1
            self.droppedSinceForward += 1
            self.droppedTotal += 1
            return Decision(
                forward: false, droppedBefore: 0, firstDropInWindow: self.droppedInWindow == 1,
                droppedInLastWindow: endedWithDrops)
        }
        self.forwardedInWindow += 1
        defer { self.droppedSinceForward = 0 }
        return Decision(
            forward: true, droppedBefore: self.droppedSinceForward, firstDropInWindow: false,
            droppedInLastWindow: endedWithDrops)
    }
}
