/// The settings every QPI program reads, after layering flags over `QPI_*` environment
/// variables over the configuration file over defaults.
///
/// A default-constructed value holds the documented defaults. Relative paths
/// (`stateSaveLocation`, the TLS files) are kept as written: they are relative to the
/// working directory the daemon starts in, not to the configuration file.
public struct QPIConfiguration: Sendable, Equatable {
    // MARK: Cluster and controller

    /// Name of this cluster, shown by commands and the dashboard (`ClusterName`).
    public var clusterName = "qpi"
    /// Host or address of qpictld's command listener (`ControlAddr`).
    public var controlAddr = "127.0.0.1"
    /// TCP port of qpictld's command listener (`ControlPort`).
    public var controlPort = 6817
    /// Directory of qpictld's database and state (`StateSaveLocation`).
    public var stateSaveLocation = "var/state"
    /// The PostgreSQL database of the store (`StorageURL`); nil for SQLite in
    /// `stateSaveLocation`.
    public var storageURL: String?
    /// The file with the password of `storageURL`'s user (`StoragePassFile`).
    public var storagePassFile: String?
    /// How long the controller's lease on a PostgreSQL store lasts unrenewed (`TakeoverTimeout`).
    public var takeoverTimeout: Duration = .seconds(10)
    /// Where `qctl backup` writes; nil for `StateSaveLocation/backup` (`BackupDirectory`).
    public var backupDirectory: String?
    /// The commands' Unix socket on the controller's host; nil for
    /// `StateSaveLocation/run/qpictld.sock`, `none` for no socket (`LocalSocket`).
    public var localSocket: String?
    /// Program run as `PROG -s SUBJECT ADDRESS`, the message on standard input, for a job's
    /// `--mail-type` notices (`MailProg`), as Slurm's.
    public var mailProg = "/usr/bin/mail"
    /// Hosts a job's `--notify-url` may name: `host`, `host:port` or `*.domain`; empty
    /// allows none (`NotifyAllowedHosts`).
    public var notifyAllowedHosts: [String] = []
    /// TCP port of the HTTP API and dashboard (`ServerPort`).
    public var serverPort = 8090
    /// HTTPS on ServerPort with the controller's certificate.
    public var serverTLS = false
    /// Plain HTTP on a non-loopback address was asked for by name (`AllowPlaintextHTTP`).
    public var allowPlaintextHTTP = false
    /// Public domain name put in generated TLS certificates; empty for none (`Domain`).
    public var domain = ""
    /// Public IP address put in generated TLS certificates (`IPAddr`).
    public var ipAddr = "127.0.0.1"
    /// TCP ports handed out to QPU links (`PortRange`, `PortRangeStart`, `PortRangeEnd`).
    public var portRange = 6000...7000

    // MARK: Security

    /// PEM file of the cluster's CA certificate, created on first start if missing (`TLSCACertFile`).
    public var tlsCACertFile = ".qpi.ca.pem"
    /// PEM file of the CA's private key (`TLSCAKeyFile`).
    public var tlsCAKeyFile = ".qpi.ca.key"
    /// PEM file of the controller's certificate (`TLSCertFile`).
    public var tlsCertFile = ".qpi.cert.pem"
    /// PEM file of the controller's private key (`TLSKeyFile`).
    public var tlsKeyFile = ".qpi.key"
    /// Refuses e-mail/password logins to the HTTP API (`DisableEmailPasswordAuth`).
    public var disableEmailPasswordAuth = false
    /// `GET /metrics` needs an API token (`PrivateMetrics`); public when false.
    public var privateMetrics = false
    /// OpenID Connect providers as JSON text, each checked when loaded; empty for none
    /// (`OAuth2Providers`). ``OAuth2Provider/list(fromJSON:)`` reads them.
    public var oauth2Providers = ""
    /// Users with administrator rights besides root, who always has them (`AdminUsers`).
    public var adminUsers: [String] = []
    /// Accounts that may run `qpid` for qpi.conf QPUs without being administrators (`NodeUsers`).
    public var nodeUsers: [String] = []
    /// What ordinary users may not see of each other (`PrivateData`).
    public var privateData: Set<PrivateData> = []
    /// Socket of munged; nil uses munge's default (`MungeSocket`).
    public var mungeSocket: String?

    // MARK: Scheduling and recovery

    /// How long a booker must be idle before others' jobs may run in the slot (`IdleThreshold`).
    public var idleThreshold: Duration = .seconds(5)
    /// Jobs of users with no qpu_seconds left stay pending (`EnforceBalance`).
    public var enforceBalance = true
    /// Period of the ticker that requeues stale running jobs (`RecoveryInterval`).
    public var recoveryInterval: Duration = .seconds(10)
    /// Running time after which the recovery ticker resets a job (`JobTimeout`).
    public var jobTimeout: Duration = .seconds(20)
    /// Fallback period for checking the queue; dispatch is event-driven (`DispatchPollInterval`).
    public var dispatchPollInterval: Duration = .seconds(1)
    /// Silence after which a node's running jobs are requeued (`NodeTimeout`).
    public var nodeTimeout: Duration = .seconds(30)
    /// Period of qpid's heartbeats to the controller (`HeartbeatInterval`).
    public var heartbeatInterval: Duration = .seconds(5)
    /// Requeues of one job before it ends as NODE_FAIL or TIMEOUT (`MaxRequeue`).
    public var maxRequeue = 3
    /// Jobs sent to one QPU's node at a time, the running one included (`DispatchDepth`).
    public var dispatchDepth = 4

    // MARK: Job limits

    /// Time limit of a job that asks for none (`DefaultTime`).
    public var defaultTime: Duration = .seconds(3_600)
    /// Largest time limit a job may ask for (`MaxTime`).
    public var maxTime: Duration = .seconds(86_400)
    /// Shots per circuit of a job that asks for none (`DefaultShots`).
    public var defaultShots = 1_024
    /// Largest shot count per circuit (`MaxShots`).
    public var maxShots = 10_000_000
    /// Most qubits of a job's widest circuit or of a registered QPU (`MaxQubits`).
    public var maxQubits = 64
    /// Largest job script file, in bytes (`MaxJobFileSize`).
    public var maxJobFileSize = 4 * 1_024 * 1_024
    /// Most pending jobs per user (`MaxPendingPerUser`).
    public var maxPendingPerUser = 1_000_000
    /// Largest wire message accepted, in bytes (`MaxMessageSize`).
    public var maxMessageSize = 16 * 1_024 * 1_024

    // MARK: Bookings and records

    /// How long job events and finished jobs are kept (`EventRetention`).
    public var eventRetention: Duration = .seconds(720 * 3_600)
    /// Longest single booking (`MaxBookingDuration`).
    public var maxBookingDuration: Duration = .seconds(4 * 3_600)
    /// Shortest booking a user may make (`MinBookingDuration`).
    public var minBookingDuration: Duration = .seconds(60)
    /// Most slots, not yet ended, one user may hold (`MaxSlotsPerUser`).
    public var maxSlotsPerUser = 10
    /// Most booked seconds one user may hold in slots not yet ended (`MaxBookedSecondsPerUser`).
    public var maxBookedSecondsPerUser = 86_400
    /// How far ahead slots may be booked (`BookingHorizon`).
    public var bookingHorizon: Duration = .seconds(30 * 86_400)
    /// Who pays for booked time nobody used (`SlotCharge`).
    public var slotCharge: SlotCharge = .none

    // MARK: Logging

    /// Least severe message level logged (`LogLevel`, or `DebugLevel` mapped onto it).
    public var logLevel: LogLevel = .info
    /// The level as Slurm names it (`DebugLevel`); `quiet` logs nothing at all.
    public var debugLevel: DebugLevel = .info
    /// File the daemons append their log to, reopened on SIGUSR2; nil for standard error (`LogFile`).
    public var logFile: String?
    /// One line of text or one JSON object per message (`LogFormat`).
    public var logFormat: LogFormat = .text

    // MARK: QPUs

    /// QPUs declared by `QPUName=` lines, in file order with ranges expanded.
    public var qpus: [QPUDeclaration] = []

    /// The configuration file these settings were read from, as given or found; nil when
    /// none was found and only environment, flags and defaults apply.
    public var sourcePath: String?

    /// The documented defaults, with no QPUs and no source file.
    public init() {}
}

extension QPIConfiguration {
    /// The directory backups go in: `BackupDirectory`, or `StateSaveLocation/backup`.
    public var resolvedBackupDirectory: String {
        self.backupDirectory ?? "\(self.stateSaveLocation)/backup"
    }

    /// The local command socket's path; nil when `LocalSocket=none` turns it off.
    public var resolvedLocalSocket: String? {
        guard let socket = self.localSocket else { return "\(self.stateSaveLocation)/run/qpictld.sock" }
        return socket == "none" ? nil : socket
    }
}
