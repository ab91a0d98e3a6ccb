extension ConfigurationKey {
    /// Every key, in the order `qpictld --help` and `etc/qpi.conf` present them.
    static let all: [ConfigurationKey] = [
        // Cluster and controller
        Self(
            "ClusterName", "cluster-name", default: "qpi",
            help: "Name of this cluster, shown by commands and the dashboard.",
            .value(\.clusterName, ValueText.nonEmpty)
        ),
        Self(
            "ControlAddr", "control-addr", default: "127.0.0.1",
            help: "Host name or address where qpictld listens for commands and nodes connect.",
            .value(\.controlAddr, ValueText.host)
        ),
        Self(
            "ControlPort", "control-port", default: "6817",
            help: "TCP port of qpictld's command listener.",
            .value(\.controlPort, ValueText.port)
        ),
        Self(
            "StateSaveLocation", "state-save-location", default: "var/state",
            help: "Directory of qpictld's database; relative to the daemon's working directory.",
            .value(\.stateSaveLocation, ValueText.nonEmpty)
        ),
        Self(
            "StorageURL", "storage-url", default: "",
            help:
                "Where qpictld keeps its database: empty means SQLite in StateSaveLocation/qpi.db; postgresql://USER@HOST:PORT/DB a PostgreSQL database (?sslmode=require for TLS). Never a password: see StoragePassFile.",
            .value(\.storageURL) { text throws(InvalidValue) in text.isEmpty ? nil : try ValueText.postgresURL(text) }
        ),
        Self(
            "StoragePassFile", "storage-pass-file", default: "",
            help:
                "File holding the password of StorageURL's user on one line, mode 0600 or stricter; empty means libpq's PGPASSWORD or none.",
            .optional(\.storagePassFile)
        ),
        Self(
            "TakeoverTimeout", "takeover-timeout", default: "10s",
            help:
                "With StorageURL: how long the active controller's lease on the database lasts unrenewed; a second qpictld on the same database stands by and takes over that long after the active one stops renewing (it renews every third of it).",
            .duration(\.takeoverTimeout, bareSeconds: true)
        ),
        Self(
            "BackupDirectory", "backup-directory", default: "",
            help:
                "Directory qctl backup writes into, created owner-only if missing; empty means StateSaveLocation/backup. A copy may go nowhere else.",
            .optional(\.backupDirectory)
        ),
        Self(
            "LocalSocket", "local-socket", default: "",
            help:
                "Unix socket where commands on the controller's host reach qpictld without munge, identified by the kernel (SO_PEERCRED); empty means StateSaveLocation/run/qpictld.sock, none turns it off.",
            .optional(\.localSocket)
        ),
        Self(
            "MailProg", "mail-prog", default: "/usr/bin/mail",
            help:
                "Program qpictld runs as PROG -s SUBJECT ADDRESS, the message on standard input, when a job asked for mail (qsub --mail-type, --mail-user).",
            .value(\.mailProg, ValueText.nonEmpty)
        ),
        Self(
            "NotifyAllowedHosts", "notify-allowed-hosts", default: "",
            help:
                "Comma-separated hosts a job's --notify-url may name (host, host:port or *.domain); the controller posts nowhere else. Empty turns --notify-url off.",
            .value(\.notifyAllowedHosts, ValueText.hostPatterns)
        ),
        Self(
            "ServerPort", "server-port", default: "8090",
            help: "TCP port of the HTTP API and the dashboard; it listens on ControlAddr.",
            .value(\.serverPort, ValueText.port)
        ),
        Self(
            "ServerTLS", "server-tls", default: "false",
            help:
                "Serve the HTTP API and the dashboard over HTTPS with the controller's certificate (TLSCertFile, TLSKeyFile): true or false.",
            .toggle(\.serverTLS)
        ),
        Self(
            "AllowPlaintextHTTP", "allow-plaintext-http", default: "false",
            help:
                "Start with ServerTLS=false on an address that is not loopback, sending passwords and tokens in clear (behind a TLS proxy, say): true or false.",
            .toggle(\.allowPlaintextHTTP)
        ),
        Self(
            "Domain", "domain", default: "",
            help: "Public domain name of this server, put in generated TLS certificates; empty for none.",
            .value(\.domain, ValueText.domain)
        ),
        Self(
            "IPAddr", "ip-addr", default: "127.0.0.1",
            help: "Public IP address of this server, put in generated TLS certificates.",
            .value(\.ipAddr, ValueText.ipAddress)
        ),
        Self(
            "PortRange", "port-range", default: "6000-7000",
            help: "TCP ports handed out to QPU links, START-END inclusive.",
            .portRange
        ),
        Self(
            "PortRangeStart", "port-range-start", default: "6000",
            help: "First port of PortRange (the reference's spelling); do not combine with PortRange.",
            .portRangeStart
        ),
        Self(
            "PortRangeEnd", "port-range-end", default: "7000",
            help: "Last port of PortRange (the reference's spelling); do not combine with PortRange.",
            .portRangeEnd
        ),

        // Security
        Self(
            "TLSCACertFile", "tls-ca-cert-file", default: ".qpi.ca.pem",
            help: "PEM file of the cluster's CA certificate; created on first start if missing.",
            .value(\.tlsCACertFile, ValueText.nonEmpty)
        ),
        Self(
            "TLSCAKeyFile", "tls-ca-key-file", default: ".qpi.ca.key",
            help: "PEM file of the CA's private key; created with the CA certificate.",
            .value(\.tlsCAKeyFile, ValueText.nonEmpty)
        ),
        Self(
            "TLSCertFile", "tls-cert-file", default: ".qpi.cert.pem",
            help: "PEM file of the controller's TLS certificate, signed by the CA.",
            .value(\.tlsCertFile, ValueText.nonEmpty)
        ),
        Self(
            "TLSKeyFile", "tls-key-file", default: ".qpi.key",
            help: "PEM file of the controller's TLS private key.",
            .value(\.tlsKeyFile, ValueText.nonEmpty)
        ),
        Self(
            "DisableEmailPasswordAuth", "disable-email-password-auth", default: "false",
            help: "Refuse e-mail/password logins to the HTTP API (true or false).",
            .toggle(\.disableEmailPasswordAuth)
        ),
        Self(
            "PrivateMetrics", "private-metrics", default: "false",
            help:
                "Serve GET /metrics only to callers with an API token, since its series name users: true or false.",
            .toggle(\.privateMetrics)
        ),
        Self(
            "OAuth2Providers", "oauth2-providers", default: "",
            help:
                "OpenID Connect sign-in providers as JSON text (an object or an array): name, issuer, client_id, and optionally client_secret or client_secret_file, user_claim, user_suffix, scopes, display_name, redirect_uri; empty for none.",
            .value(\.oauth2Providers, ValueText.oauth2Providers)
        ),
        Self(
            "AdminUsers", "admin-users", default: "",
            help: "Comma-separated user names with administrator rights; root always has them.",
            .value(\.adminUsers, ValueText.userList)
        ),
        Self(
            "NodeUsers", "node-users", default: "",
            help:
                "Comma-separated user names that may run qpid for the QPUs of this file (say a node's hello) and nothing else an administrator may.",
            .value(\.nodeUsers, ValueText.userList)
        ),
        Self(
            "PrivateData", "private-data", default: "",
            help:
                "What users may not see of each other, as Slurm's: jobs (others' jobs in listings, qstat -j, waits, events), usage (others' balances and usage in qacct); comma-separated, empty for neither. Administrators see all.",
            .value(\.privateData, ValueText.privateData)
        ),
        Self(
            "MungeSocket", "munge-socket", default: "",
            help: "Path of munged's socket; empty for munge's default.",
            .optional(\.mungeSocket)
        ),

        // Scheduling and recovery
        Self(
            "IdleThreshold", "idle-threshold", default: "5s",
            help: "How long a slot's booker must be idle before other users' jobs may run in the slot.",
            .duration(\.idleThreshold, allowsZero: true, bareSeconds: true)
        ),
        Self(
            "EnforceBalance", "enforce-balance", default: "yes",
            help: "Keep jobs of users whose qpu_seconds balance is used up pending (BalanceExhausted).",
            .toggle(\.enforceBalance)
        ),
        Self(
            "RecoveryInterval", "recovery-interval", default: "10s",
            help:
                "Period of the ticker that requeues jobs of silent nodes and jobs past their time limit plus JobTimeout.",
            .duration(\.recoveryInterval, bareSeconds: true)
        ),
        Self(
            "JobTimeout", "job-timeout", default: "20s",
            help: "Grace past a job's time limit for its node to report TIMEOUT before the job is requeued.",
            .duration(\.jobTimeout, bareSeconds: true)
        ),
        Self(
            "DispatchPollInterval", "dispatch-poll-interval", default: "1s",
            help: "Fallback period for checking the queue; dispatch is otherwise event-driven.",
            .duration(\.dispatchPollInterval, bareSeconds: true)
        ),
        Self(
            "NodeTimeout", "node-timeout", default: "30s",
            help: "Silence after which a node is down and its running jobs are requeued.",
            .duration(\.nodeTimeout, bareSeconds: true)
        ),
        Self(
            "HeartbeatInterval", "heartbeat-interval", default: "5s",
            help: "Period of qpid's heartbeats to the controller; keep it well below NodeTimeout.",
            .duration(\.heartbeatInterval, bareSeconds: true)
        ),
        Self(
            "MaxRequeue", "max-requeue", default: "3",
            help: "Times a job is requeued after a node or timeout failure before it ends as NODE_FAIL or TIMEOUT.",
            .integer(\.maxRequeue, in: 0...1_000)
        ),
        Self(
            "DispatchDepth", "dispatch-depth", default: "4",
            help: "Jobs sent to one QPU's node at a time, the running one included; 1 sends a job only to an idle QPU.",
            .integer(\.dispatchDepth, in: 1...64)
        ),

        // Job limits
        Self(
            "DefaultTime", "default-time", default: "1h",
            help: "Time limit of a job that does not ask for one.",
            .duration(\.defaultTime)
        ),
        Self(
            "MaxTime", "max-time", default: "24h",
            help: "Largest time limit a job may ask for.",
            .duration(\.maxTime)
        ),
        Self(
            "DefaultShots", "default-shots", default: "1024",
            help: "Shots per circuit of a job that does not ask for a number.",
            .integer(\.defaultShots, in: 1...1_000_000_000)
        ),
        Self(
            "MaxShots", "max-shots", default: "10000000",
            help: "Largest number of shots per circuit a job may ask for.",
            .integer(\.maxShots, in: 1...1_000_000_000)
        ),
        Self(
            "MaxQubits", "max-qubits", default: "64",
            help: "Most qubits a job's widest circuit, or a QPU made by `qctl qpu create`, may have.",
            .integer(\.maxQubits, in: 1...1_000_000)
        ),
        Self(
            "MaxJobFileSize", "max-job-file-size", default: "4MiB",
            help: "Largest job script file qsub accepts, in bytes (K, M, G, KiB, MiB, GiB suffixes).",
            .value(\.maxJobFileSize) { text throws(InvalidValue) in try ValueText.size(text, in: 1...1 << 30) }
        ),
        Self(
            "MaxPendingPerUser", "max-pending-per-user", default: "1000000",
            help: "Most pending jobs one user may have queued; a submission beyond it is refused.",
            .integer(\.maxPendingPerUser, in: 1...100_000_000)
        ),
        Self(
            "MaxMessageSize", "max-message-size", default: "16MiB",
            help: "Largest message accepted from commands and nodes, in bytes (K, M, G, KiB, MiB, GiB suffixes).",
            .value(\.maxMessageSize) { text throws(InvalidValue) in try ValueText.size(text, in: 1 << 10...1 << 30) }
        ),

        // Bookings and records
        Self(
            "EventRetention", "event-retention", default: "720h",
            help: "How long finished jobs and their events are kept before they are purged.",
            .duration(\.eventRetention)
        ),
        Self(
            "MaxBookingDuration", "max-booking-duration", default: "4h",
            help: "Longest time slot a user may book on a QPU.",
            .duration(\.maxBookingDuration)
        ),
        Self(
            "MinBookingDuration", "min-booking-duration", default: "1m",
            help: "Shortest time slot a user may book (administrators may book shorter ones).",
            .duration(\.minBookingDuration)
        ),
        Self(
            "MaxSlotsPerUser", "max-slots-per-user", default: "10",
            help: "Most booked time slots, not yet ended, one user may hold (administrators are not limited).",
            .integer(\.maxSlotsPerUser, in: 1...100_000)
        ),
        Self(
            "MaxBookedSecondsPerUser", "max-booked-seconds-per-user", default: "86400",
            help:
                "Most booked time, in seconds, one user may hold in slots not yet ended (administrators are not limited).",
            .integer(\.maxBookedSecondsPerUser, in: 1...100_000_000)
        ),
        Self(
            "BookingHorizon", "booking-horizon", default: "30d",
            help: "How far ahead of now a time slot may start.",
            .duration(\.bookingHorizon)
        ),
        Self(
            "SlotCharge", "slot-charge", default: "none",
            help: "Who pays for booked time nobody used: none (lent out, free; the only policy so far).",
            .choice(\.slotCharge)
        ),

        // Logging
        Self(
            "DebugLevel", "debug-level", default: "info",
            help:
                "Least severe messages logged, as Slurm names them: quiet, fatal, error, info, verbose, debug, debug2…debug5.",
            .debugLevel
        ),
        Self(
            "LogLevel", "log-level", default: "info",
            help:
                "DebugLevel in swift-log's names: trace, debug, info, notice, warning, error or critical; not with DebugLevel.",
            .logLevel
        ),
        Self(
            "LogFile", "log-file", default: "",
            help:
                "File the daemons append their log to, reopened on SIGUSR2 (for logrotate); empty for standard error.",
            .optional(\.logFile)
        ),
        Self(
            "LogFormat", "log-format", default: "text",
            help: "text, or json for one JSON object per line with the metadata (job, qpu, …) as fields.",
            .choice(\.logFormat)
        ),
    ]

    private static let byNormalizedName: [String: ConfigurationKey] = Dictionary(
        uniqueKeysWithValues: Self.all.map { (Self.normalized($0.name), $0) }
    )

    private static let byFlag: [String: ConfigurationKey] = Dictionary(
        uniqueKeysWithValues: Self.all.map { ($0.flag, $0) }
    )

    /// The key spelled `name` in a file, in any case and with or without `_`/`-`.
    static func named(_ name: some StringProtocol) -> ConfigurationKey? {
        self.byNormalizedName[self.normalized(name)]
    }

    /// The key whose flag is exactly `flag` (with its dashes).
    static func flagged(_ flag: String) -> ConfigurationKey? {
        self.byFlag[flag]
    }
}
