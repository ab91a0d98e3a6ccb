import QPICore

/// The configuration values the controller's logic depends on, in plain units, so tests
/// can build a controller without a configuration file.
public struct ControllerSettings: Sendable, Hashable {
    public var clusterName = "qpi"
    public var defaultTimeSeconds = 3_600
    public var maxTimeSeconds = 86_400
    public var defaultShots = 1_024
    public var maxShots = JobOptions.maxShots
    public var maxRequeue = 3
    /// Jobs in flight on one QPU's node, the running one included (`DispatchDepth`): with
    /// more than one, the next job is already on the node when the running one ends.
    public var dispatchDepth = 4
    /// A node silent this long has its running jobs requeued.
    public var nodeTimeoutSeconds = 30.0
    /// Grace past a job's time limit before the controller stops waiting for its node.
    public var jobTimeoutSeconds = 20.0
    public var heartbeatSeconds = 5.0
    public var recoveryIntervalSeconds = 10.0
    public var dispatchPollSeconds = 1.0
    public var adminUsers: Set<String> = []
    public var nodeUsers: Set<String> = []
    /// `PrivateData=jobs`: ordinary users see only their own jobs.
    public var privateJobs = false
    /// `PrivateData=usage`: ordinary users see only their own usage and balance.
    public var privateUsage = false
    /// Widest job, and largest registered QPU, in qubits (`MaxQubits`).
    public var maxQubits = 64
    /// Largest job script, in bytes (`MaxJobFileSize`).
    public var maxJobFileSize = 4 << 20
    /// Pending jobs one user may have (`MaxPendingPerUser`).
    public var maxPendingPerUser = 1_000_000
    /// Whether balances limit jobs (`EnforceBalance`): a job is dispatched with its time
    /// limit capped by its user's remaining qpu_seconds, and waits when none remain.
    public var enforceBalance = true
    /// How long telemetry (and, by EventRetention's definition, job history) is kept.
    public var eventRetentionSeconds = 720 * 3_600.0
    /// How long a slot's booker must be idle before others borrow the slot.
    public var idleThresholdSeconds = 5.0
    public var maxBookingSeconds = 4.0 * 3_600
    /// Limits on a user's bookings (`MinBookingDuration`, `MaxSlotsPerUser`,
    /// `MaxBookedSecondsPerUser`); administrators are not held to them.
    public var minBookingSeconds = 60.0
    public var maxSlotsPerUser = 10
    public var maxBookedSecondsPerUser = 86_400.0
    /// How far ahead a slot may start (`BookingHorizon`).
    public var bookingHorizonSeconds = 30.0 * 86_400
    /// The one directory `qctl backup` writes into (`BackupDirectory`).
    public var backupDirectory = "var/state/backup"
    /// `MailProg`: run for a job's `--mail-type` notices.
    public var mailProg = "/usr/bin/mail"
    /// `NotifyAllowedHosts`: where `--notify-url` may point; empty turns webhooks off.
    public var notifyAllowedHosts = WebhookHostList([])

    public init() {}
}
