import Foundation
import Logging
import Prometheus
import QPIAuth
import QPIConfig
import QPIController
import QPICore
import QPIStore
import QPITransport
import QPIWire
import ServiceLifecycle

/// `qpictld` put together: the store, the controller, the command listener, one link
/// listener per QPU and the periodic safety nets, until SIGTERM or SIGINT.
public final class ControllerDaemon: Sendable {
    public let configuration: QPIConfiguration
    let logger: Logger
    /// The controller's metrics, in the text format `/metrics` serves.
    public let metrics: PrometheusCollectorRegistry
    /// Where each value of `configuration` came from, for `qctl show config`.
    let sources: ConfigurationSources
    /// How to re-read the configuration; nil refuses `qctl reconfigure`.
    let reload: ReloadSource?
    /// Each SIGHUP, on which the configuration is re-read as by `qctl reconfigure`.
    let hangups: AsyncStream<Void>?

    public init(
        configuration: QPIConfiguration, logger: Logger, metrics: PrometheusCollectorRegistry = .init(),
        sources: ConfigurationSources = .init(), reload: ReloadSource? = nil, hangups: AsyncStream<Void>? = nil
    ) {
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        self.sources = sources
        self.reload = reload
        self.hangups = hangups
    }

    /// The controller's settings from the configuration, in plain units.
    public static func settings(from configuration: QPIConfiguration) -> ControllerSettings {
        var settings = ControllerSettings()
        settings.clusterName = configuration.clusterName
        settings.backupDirectory = configuration.resolvedBackupDirectory
        settings.mailProg = configuration.mailProg
        settings.notifyAllowedHosts = WebhookHostList(configuration.notifyAllowedHosts)
        settings.defaultTimeSeconds = Int(configuration.defaultTime.totalSeconds)
        settings.maxTimeSeconds = Int(configuration.maxTime.totalSeconds)
        settings.defaultShots = configuration.defaultShots
        settings.maxShots = configuration.maxShots
        settings.maxRequeue = configuration.maxRequeue
        settings.dispatchDepth = configuration.dispatchDepth
        settings.nodeTimeoutSeconds = configuration.nodeTimeout.totalSeconds
        settings.jobTimeoutSeconds = configuration.jobTimeout.totalSeconds
        settings.heartbeatSeconds = configuration.heartbeatInterval.totalSeconds
        settings.recoveryIntervalSeconds = configuration.recoveryInterval.totalSeconds
        settings.dispatchPollSeconds = configuration.dispatchPollInterval.totalSeconds
        settings.adminUsers = Set(configuration.adminUsers)
        settings.nodeUsers = Set(configuration.nodeUsers)
        settings.privateJobs = configuration.privateData.contains(.jobs)
        settings.privateUsage = configuration.privateData.contains(.usage)
        settings.maxQubits = configuration.maxQubits
        settings.maxJobFileSize = configuration.maxJobFileSize
        settings.maxPendingPerUser = configuration.maxPendingPerUser
        settings.eventRetentionSeconds = configuration.eventRetention.totalSeconds
        settings.idleThresholdSeconds = configuration.idleThreshold.totalSeconds
        settings.enforceBalance = configuration.enforceBalance
        settings.maxBookingSeconds = configuration.maxBookingDuration.totalSeconds
        settings.minBookingSeconds = configuration.minBookingDuration.totalSeconds
        settings.maxSlotsPerUser = configuration.maxSlotsPerUser
        settings.maxBookedSecondsPerUser = Double(configuration.maxBookedSecondsPerUser)
        settings.bookingHorizonSeconds = configuration.bookingHorizon.totalSeconds
        return settings
    }

    /// The store `StorageURL` names: PostgreSQL with the password of `StoragePassFile`, or
    /// SQLite in `StateSaveLocation` when it is empty.
    ///
    /// On PostgreSQL the controller takes the database's lease first: while another
    /// controller holds it, this one stands by (logging the holder once) and takes over when
    /// it lapses; it exits if it ever loses the lease, since it may write nothing more.
    func openStore(_ configuration: QPIConfiguration) async throws -> JobStore {
        guard let url = configuration.storageURL else {
            return try JobStore.open(directory: configuration.stateSaveLocation)
        }
        let password = try configuration.storagePassFile.map(PostgresLocation.password(inFile:))
        let location = try PostgresLocation(url: url, password: password)
        let logger = self.logger
        // The host name too: controllers on several hosts may read one shared qpi.conf, and
        // two holders of one name would each take the other's lease for their own.
        let holder = "\(configuration.controlAddr):\(configuration.controlPort) on \(Self.hostName())"
        let lease = ControllerLease(holder: holder, timeout: configuration.takeoverTimeout) { reason in
            logger.critical(
                "lost the store's lease; exiting so that nothing more is written", metadata: ["reason": "\(reason)"])
            exit(1)
        }
        var standby: ReplyServer?
        while true {
            do {
                let store = try JobStore.open(postgres: location, lease: lease)
                if let standby {
                    await standby.close()
                    logger.notice("took over: this controller holds the store's lease")
                }
                return store
            } catch let error as StoreError where error.code == .leaseHeld {
                if standby == nil {
                    logger.notice("\(error.message)")
                    standby = try Self.answerAsStandby(error.message, configuration)
                }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown host" }
        return String(cString: buffer)
    }

    /// Answers every command on the command port with `message` (which names the active
    /// controller) while this one stands by, so that users hear where to go rather than
    /// meet a closed port. Nothing is authenticated: the answer holds no more than
    /// `qpi.conf` does.
    static func answerAsStandby(_ message: String, _ configuration: QPIConfiguration) throws -> ReplyServer {
        let error = WireError(.unavailable, message)
        let reply = Frame(body: (try? WireCoding.encode(ReplyEnvelope<PingRequest.Response>(error: error))) ?? [])
            .encoded()
        let server = try ReplyServer(concurrency: 4, maxDetached: 0, options: SocketOptions()) { _, _ in reply }
        _ = try server.listen(url: "tcp://\(configuration.controlAddr):\(configuration.controlPort)")
        return server
    }

    /// Starts a front end beside the command listener (qpictld's HTTP API) once the
    /// controller is up; returns how to stop it. A front end that cannot start stops qpictld.
    public typealias FrontEnd = @Sendable (ClusterController) async throws -> @Sendable () async -> Void

    /// Serves until `stop` returns (qpictld waits for SIGTERM or SIGINT), then shuts down
    /// in order: no new requests, links closed, store closed. The listeners, links and
    /// periodic safety nets run as one swift-service-lifecycle `ServiceGroup`; when one of
    /// them fails, the group cancels `stop`, which must then return.
    public func run(frontEnds: [FrontEnd] = [], until stop: @escaping @Sendable () async -> Void) async throws {
        let configuration = self.configuration
        let settings = Self.settings(from: configuration)
        let store = try await self.openStore(configuration)
        self.logger.info(
            "store opened", metadata: ["path": "\(store.path)", "schema": "\(JobStore.latestSchemaVersion)"])

        var qpus: [QPU] = []
        var ports: [String: Int] = [:]
        for declaration in configuration.qpus {
            // A drain or disable by `qctl qpu` outlives a restart unless the line sets State=.
            let kept = try store.qpu(named: declaration.name).map(\.qpu).flatMap {
                $0.state == .drain || $0.state == .disabled ? $0 : nil
            }
            let qpu = QPU(
                name: declaration.name, executor: declaration.executor, qubits: declaration.qubits,
                state: declaration.state ?? kept?.state ?? .down, reason: declaration.reason ?? kept?.reason)
            _ = try await store.upsertQPU(qpu, time: Self.now())
            let allocated = try await store.allocatePorts(
                for: declaration.name, range: configuration.portRange,
                reserving: [configuration.controlPort, configuration.serverPort])
            ports[declaration.name] = allocated.dispatch
            qpus.append(qpu)
        }

        let controller = ClusterController(
            settings: settings, store: store, qpus: qpus, logger: self.logger, now: Self.now,
            metricsFactory: Self.metricsFactory(self.metrics))
        try await controller.start()

        let munge = MungeCredentials(socketPath: configuration.mungeSocket)
        let authenticator = MungeAuthenticator(
            munge: munge, cluster: settings.clusterName, adminUsers: settings.adminUsers,
            nodeUsers: settings.nodeUsers, daemonUID: getuid())
        let signer = RequestSigner(munge: munge, cluster: settings.clusterName)
        try await self.startRegistry(controller: controller, signer: signer, authenticator: authenticator)

        var linkServices: [any Service] = []
        for qpu in qpus {
            guard let port = ports[qpu.name] else { continue }
            let endpoint = try QPULinkEndpoint(
                qpu: qpu.name, signer: signer, authenticator: authenticator,
                maxMessageSize: configuration.maxMessageSize)
            let listener = try endpoint.socket.listen(url: "tcp://\(configuration.controlAddr):\(port)")
            await controller.setLinkURL(listener.url, for: qpu.name)
            linkServices.append(QPULinkService(endpoint: endpoint, controller: controller, logger: self.logger))
            self.logger.info("QPU link listening", metadata: ["qpu": "\(qpu.name)", "url": "\(listener.url)"])
        }

        let reloader = ConfigurationReloader(
            running: LoadedConfiguration(configuration: configuration, sources: self.sources), source: self.reload,
            controller: controller, admins: authenticator.adminUsers, nodeUsers: authenticator.nodeUsers,
            logger: self.logger)
        let router = CommandRouter(
            controller: controller, authenticator: authenticator, maxMessageSize: configuration.maxMessageSize,
            logger: self.logger, configuration: reloader, daemonUID: getuid())
        var serverOptions = SocketOptions()
        serverOptions.maxReceiveSize = Frame.transportLimit(forMaxSize: configuration.maxMessageSize)
        let server = try ReplyServer(
            concurrency: 64, maxDetached: ClusterController.maxWaiters, options: serverOptions
        ) { await router.handle($0, lease: $1) }
        let commandURL = "tcp://\(configuration.controlAddr):\(configuration.controlPort)"
        _ = try server.listen(url: commandURL)
        if let path = configuration.resolvedLocalSocket { self.listenLocally(server, at: path) }
        var frontEndServices: [any Service] = []
        for (index, frontEnd) in frontEnds.enumerated() {
            let stopFrontEnd = try await frontEnd(controller)
            frontEndServices.append(StopOnShutdown(description: "front end \(index + 1)", stop: stopFrontEnd))
        }
        self.logger.info(
            "qpictld ready", metadata: ["cluster": "\(settings.clusterName)", "commands": "\(commandURL)"])

        // Shut down in the reverse order: the safety nets, the front ends, the command
        // listener (no new requests), then the QPU links.
        var services: [any Service] = linkServices
        services.append(StopOnShutdown(description: "command listener") { await server.close() })
        services += frontEndServices
        services += [
            PeriodicService(
                description: "recovery sweep", start: .afterOnePeriod,
                period: { await controller.currentSettings.recoveryIntervalSeconds },
                action: { await controller.recoverySweep() }),
            PeriodicService(
                description: "scheduler poll", start: .afterOnePeriod,
                period: { await controller.currentSettings.dispatchPollSeconds },
                action: { await controller.wakeScheduler() }),
            PeriodicService(
                description: "telemetry retention", start: .immediately,
                period: { min(3_600, max(1, await controller.currentSettings.eventRetentionSeconds / 10)) },
                action: { await controller.purgeTelemetry() }),
        ]
        if let hangups = self.hangups { services.append(HangupService(hangups: hangups, reloader: reloader)) }
        let logger = self.logger
        let stopRequest = StopRequest {
            await stop()
            logger.info("shutting down")
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: stopRequest, successTerminationBehavior: .gracefullyShutdownGroup)
                ] + services.map { .init(service: $0) },
                logger: self.logger))
        // A service that failed has stopped the group: the links and the store close all the same.
        var failure: (any Error)?
        do {
            try await group.run()
        } catch {
            failure = error
        }
        await controller.closeRegisteredLinks()
        try await store.close()
        if let failure { throw failure }
        self.logger.info("qpictld stopped")
    }

    /// Opens the commands' Unix socket at `path`, which anyone may connect to: the kernel
    /// names each peer's uid, so the socket needs no secret. A socket left by an earlier run
    /// is replaced. Failing to open it is logged, not fatal: commands fall back to TCP and munge.
    private func listenLocally(_ server: ReplyServer, at path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            var status = stat()
            if lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFSOCK { unlink(path) }
            _ = try server.listen(url: "ipc://\(path)")
            guard chmod(path, 0o666) == 0 else {
                throw WireError(.internal, "chmod 0666 failed: \(String(cString: strerror(errno)))")
            }
            self.logger.info("commands' local socket listening", metadata: ["path": "\(path)"])
        } catch {
            self.logger.warning(
                "no local socket for commands at \(path) (they use TCP and munge): \(error)")
        }
    }

    @Sendable static func now() -> Double {
        Date().timeIntervalSince1970
    }
}
