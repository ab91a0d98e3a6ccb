import CoreMetrics
import Logging
import QPICore
import QPIScheduler
import QPIStore
import QPIWire

/// The controller's live state and rules: the job queue, the QPUs and their node links,
/// scheduling, dispatch, results and recovery.
///
/// The store is the durable truth and is written before any message leaves: a job is
/// committed RUNNING before its dispatch is sent, and a result is committed before the
/// node is told to drop it from its spool. So after a crash at any point, reloading the
/// store and reconciling with each node's hello loses and repeats nothing.
///
/// Actor reentrancy: state read before an `await` on the store is re-checked after it
/// (a job may have been cancelled meanwhile); scheduling runs one pass at a time and
/// coalesces wake-ups that arrive during a pass.
public actor ClusterController {
    /// Replaced as a whole by a reconfigure (`apply(_:)`), between two actor turns.
    var settings: ControllerSettings
    let store: JobStore
    let logger: Logger
    let now: @Sendable () -> Double

    /// Pending and running jobs by id, in id order for listings.
    var active = ActiveJobs()
    /// Pending jobs that are not held, in the order the scheduler considers them.
    var queue = PendingQueue()
    var fleet: QPUFleet
    /// Where each QPU's link listens, once its listener is up.
    var linkURLs: [String: String] = [:]
    /// Callers of `waitForEnd`, by job and token.
    var waiters: [JobID: [Int: CheckedContinuation<Job?, Never>]] = [:]
    var nextWaiterToken = 0
    /// Waits in progress per user name, for ``maxWaitersPerUser``.
    var waitersPerUser: [String: Int] = [:]
    /// When the last recovery sweep ran, to tell the controller's own stalls from its nodes'.
    var lastSweep: Double?
    var schedulingPass: Task<Void, Never>?
    var rescheduleRequested = false
    /// QPUs registered by `qctl qpu create` and their TLS links.
    var registry = RegistryState()
    var scheduling = SchedulingState()
    /// What the controller has done since it started, for `qctl diag` and `/metrics`.
    var metrics: ControllerMetrics
    /// Requests served by every front end, counted outside the actor.
    public nonisolated let requests: RequestStatistics
    /// Sends `--mail-type` notices off the actor.
    nonisolated let mailer: Mailer
    /// Posts `--notify-url` webhooks off the actor.
    nonisolated let webhooks: WebhookNotifier
    /// Notifications and who has seen them, outside the actor.
    nonisolated let notifications: NotificationBoard
    /// API tokens shown to the HTTP API, so checking one rarely reads the store.
    nonisolated let apiTokens = APITokenCache()
    /// Accounts' uids, which never change once stored, so HTTP callers read no store for them.
    var accountUIDs: [String: UInt32] = [:]
    /// Each QPU's newest calibration event id (nil: none), read from the store once and then
    /// kept as events arrive, so that recording a result reads nothing.
    var latestCalibrations: [String: String?] = [:]
    /// Dispatches sent that their node has not yet said it took, by job.
    var unaccepted: [JobID: UnacceptedDispatch] = [:]

    /// - Parameter metricsFactory: Where the metrics go; each controller gets its own, so
    ///   several can run in one process (tests) without sharing counters.
    public init(
        settings: ControllerSettings,
        store: JobStore,
        qpus: [QPU],
        logger: Logger,
        now: @escaping @Sendable () -> Double,
        metricsFactory: any MetricsFactory = NOOPMetricsHandler.instance
    ) {
        self.settings = settings
        self.store = store
        self.logger = logger
        self.now = now
        self.metrics = ControllerMetrics(startTime: now(), factory: metricsFactory)
        self.requests = RequestStatistics(factory: metricsFactory)
        self.mailer = Mailer(logger: logger)
        self.webhooks = WebhookNotifier(logger: logger)
        self.notifications = NotificationBoard(store: store, now: now)
        self.fleet = QPUFleet(declared: qpus, now: now())
    }

    /// Loads the queue from the store; jobs that were running stay RUNNING until their
    /// node reconnects and reconciles them (or NodeTimeout passes).
    public func start() async throws {
        var running: [Job] = []
        for var job in try self.store.loadActiveJobs() {
            if job.state == .pending {
                job.reason = job.held ? .held : .priority
                if !job.held { self.queue.insert(job) }
            } else if job.state == .running {
                running.append(job)
            }
            self.active[job.id] = job
        }
        // In dispatch order, as their node runs them; its hello reconciles the order anyway.
        running.sort { ($0.startTime ?? 0, $0.id) < ($1.startTime ?? 0, $1.id) }
        for job in running {
            if let qpu = job.qpu, let dispatchID = job.dispatchID {
                self.fleet.restore(JobRef(jobID: job.id, dispatchID: dispatchID), on: qpu)
            }
        }
        try self.loadSchedulingState()
        self.logger.info("queue loaded", metadata: ["active": "\(self.active.count)"])
        self.resumeWebhooks()
    }

    /// Records where `qpu`'s node link listens.
    public func setLinkURL(_ url: String, for qpu: String) {
        self.linkURLs[qpu] = url
    }

    /// Where the node daemon of `qpu` should connect.
    public func linkURL(for qpu: String) throws(WireError) -> String {
        guard self.fleet[qpu] != nil else {
            throw WireError(
                .notFound, "no QPU named '\(qpu)' is declared (known: \(self.fleet.knownNames))", field: "qpu")
        }
        guard let url = self.linkURLs[qpu] else {
            throw WireError(.unavailable, "the link for QPU '\(qpu)' is not listening yet")
        }
        return url
    }

    /// Counts of jobs by state, for logs and metrics.
    public func activeCounts() -> (pending: Int, running: Int) {
        let sizes = self.queueSizes()
        return (sizes.pending, sizes.running)
    }
}
