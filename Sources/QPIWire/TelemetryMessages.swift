import QPICore

/// One executor `event` as `qpid` forwards it: calibration data (T1, T2, readout
/// fidelity per qubit) or instrument readings such as cryostat temperatures.
public struct TelemetryEvent: Codable, Sendable, Hashable {
    /// When qpid received it from the executor (seconds since the epoch).
    public var time: Double
    /// What the numbers describe: `calibration`, `cryostat`, …
    public var kind: String
    /// Name → value, as the executor sent them (`t1_q0`, `readout_fidelity_q1`, …).
    public var data: [String: Double]
    /// Events qpid dropped under its rate limit since the last one it forwarded.
    public var droppedBefore: Int

    public init(time: Double, kind: String, data: [String: Double], droppedBefore: Int = 0) {
        self.time = time
        self.kind = kind
        self.data = data
        self.droppedBefore = droppedBefore
    }
}

/// Lists a QPU's stored telemetry, newest first (`qinfo -q NAME --telemetry`).
public struct TelemetryRequest: WireRequest {
    public static let type = "telemetry"
    public static let maxLimit = 10_000

    public var qpu: String
    /// Only events of this kind; nil for all.
    public var kind: String?
    /// Only events at or after this time (seconds since the epoch).
    public var since: Double?
    /// At most this many events (1…`maxLimit`).
    public var limit: Int

    public init(qpu: String, kind: String? = nil, since: Double? = nil, limit: Int = 100) {
        self.qpu = qpu
        self.kind = kind
        self.since = since
        self.limit = limit
    }

    public struct Response: Codable, Sendable, Hashable {
        public var events: [TelemetryRecord]
        public init(events: [TelemetryRecord]) { self.events = events }
    }
}
