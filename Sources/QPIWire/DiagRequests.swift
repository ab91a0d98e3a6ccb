import QPICore

/// Asks for the controller's statistics since it started (`qctl diag`, like Slurm's
/// `sdiag`). Any user may ask, as any user may run `sdiag`.
public struct DiagRequest: WireRequest {
    public static let type = "diag"
    public init() {}

    public typealias Response = DiagReport
}

/// The controller's state and what it has done since it started.
public struct DiagReport: Codable, Sendable, Hashable {
    /// One QPU's state and how busy it has been since the controller started.
    public struct QPUUsage: Codable, Sendable, Hashable {
        public var name: String
        public var state: QPUState
        /// Seconds it held jobs since the controller started, runs in progress included.
        public var busySeconds: Double
        /// `busySeconds` over the uptime, from 0 to 1.
        public var utilisation: Double

        public init(name: String, state: QPUState, busySeconds: Double, utilisation: Double) {
            self.name = name
            self.state = state
            self.busySeconds = busySeconds
            self.utilisation = utilisation
        }
    }

    /// Jobs in the controller's queue now.
    public struct QueueSizes: Codable, Sendable, Hashable {
        public var pending: Int
        /// Pending jobs that are held (part of `pending`).
        public var held: Int
        public var running: Int

        public init(pending: Int, held: Int, running: Int) {
            self.pending = pending
            self.held = held
            self.running = running
        }
    }

    public var cluster: String
    public var version: String
    /// When the report was made, in seconds since the epoch.
    public var time: Double
    /// Seconds since the controller started.
    public var uptimeSeconds: Double
    public var statistics: ControllerStatistics
    public var queue: QueueSizes
    public var qpus: [QPUUsage]
    public var requests: RequestCounts
    /// Where the store is and, on PostgreSQL, this controller's lease.
    public var store: StoreStatus?

    public init(
        cluster: String, version: String, time: Double, statistics: ControllerStatistics, queue: QueueSizes,
        qpus: [QPUUsage], requests: RequestCounts, store: StoreStatus? = nil
    ) {
        self.cluster = cluster
        self.version = version
        self.time = time
        self.uptimeSeconds = max(0, time - statistics.startTime)
        self.statistics = statistics
        self.queue = queue
        self.qpus = qpus
        self.requests = requests
        self.store = store
    }
}
