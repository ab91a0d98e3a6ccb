/// How many times something took how long, in seconds: count, total, last and largest.
/// `qctl diag` shows scheduler passes and dispatch latency this way, as `sdiag` does.
public struct DurationSummary: Codable, Sendable, Hashable {
    public var count = 0
    public var totalSeconds = 0.0
    /// The most recent duration; nil before the first.
    public var lastSeconds: Double?
    /// The largest duration; nil before the first.
    public var maxSeconds: Double?

    public init() {}

    /// The mean duration; nil before the first.
    public var meanSeconds: Double? {
        self.count > 0 ? self.totalSeconds / Double(self.count) : nil
    }

    /// Adds one duration. A negative one (the wall clock stepped back) counts as 0; one
    /// that is not a number is ignored, so it cannot poison the mean.
    public mutating func record(_ seconds: Double) {
        guard !seconds.isNaN else { return }
        let seconds = max(0, seconds)
        self.count += 1
        self.totalSeconds += seconds
        self.lastSeconds = seconds
        self.maxSeconds = max(self.maxSeconds ?? seconds, seconds)
    }
}
