/// Requests served by type and by user, as `sdiag` counts RPCs.
public struct RequestCounts: Codable, Sendable, Hashable {
    /// One request type's count and the seconds spent serving it.
    public struct Usage: Codable, Sendable, Hashable {
        public var count = 0
        public var totalSeconds = 0.0

        public init() {}

        /// Mean seconds per request; nil before the first.
        public var meanSeconds: Double? {
            self.count > 0 ? self.totalSeconds / Double(self.count) : nil
        }
    }

    /// The type requests of a type the controller does not know are counted under, so
    /// that made-up types cannot grow the table.
    public static let unknownType = "unknown"

    public var byType: [String: Usage] = [:]
    public var byUser: [String: Usage] = [:]

    public init() {}

    /// Counts one request of `type` from `user` that took `seconds` to serve.
    public mutating func record(type: String, user: String, seconds: Double) {
        let seconds = seconds.isNaN ? 0 : max(0, seconds)
        self.byType[type, default: Usage()].count += 1
        self.byType[type, default: Usage()].totalSeconds += seconds
        self.byUser[user, default: Usage()].count += 1
        self.byUser[user, default: Usage()].totalSeconds += seconds
    }

    /// Every request counted.
    public var total: Int {
        self.byType.values.reduce(0) { $0 + $1.count }
    }
}
