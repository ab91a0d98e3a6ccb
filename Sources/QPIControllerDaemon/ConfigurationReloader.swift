import Logging
import QPIConfig
import QPIController
import QPIWire

/// How `qpictld` reloads its configuration: the same flags and environment it started
/// with, over the file read again.
public struct ReloadSource: Sendable {
    /// Loads the configuration afresh; the file's problems are thrown with their lines.
    public var load: @Sendable () throws(ConfigurationError) -> LoadedConfiguration
    /// Applies DebugLevel, LogFormat and LogFile to the process's log handler; throws
    /// when the new LogFile cannot be opened.
    public var applyLogging: @Sendable (QPIConfiguration) throws -> Void

    public init(
        load: @escaping @Sendable () throws(ConfigurationError) -> LoadedConfiguration,
        applyLogging: @escaping @Sendable (QPIConfiguration) throws -> Void
    ) {
        self.load = load
        self.applyLogging = applyLogging
    }
}

/// The controller's configuration in force, with where each value came from, and the one
/// way to change it while running (`qctl reconfigure`, SIGHUP). Reloads run one at a time.
public actor ConfigurationReloader {
    private var inForce: LoadedConfiguration
    private let source: ReloadSource?
    private let controller: ClusterController
    private let admins: UserRoster
    private let nodeUsers: UserRoster
    private let logger: Logger
    /// The latest reload: the next one waits for it. Each awaits the controller, where an
    /// actor method alone would let a second reload interleave and the older file win.
    private var lastReload: Task<Result<ReconfigureRequest.Response, WireError>, Never>?

    /// - Parameter source: nil for a controller started without a file to re-read (tests
    ///   in-process); `reload()` then refuses.
    public init(
        running: LoadedConfiguration, source: ReloadSource?, controller: ClusterController, admins: UserRoster,
        nodeUsers: UserRoster, logger: Logger
    ) {
        self.nodeUsers = nodeUsers
        self.inForce = running
        self.source = source
        self.controller = controller
        self.admins = admins
        self.logger = logger
    }

    /// Reads the configuration again and puts its live keys in force; an invalid file
    /// changes nothing and is refused with its `file:line` errors.
    public func reload() async throws(WireError) -> ReconfigureRequest.Response {
        let previous = self.lastReload
        let reload = Task { () -> Result<ReconfigureRequest.Response, WireError> in
            _ = await previous?.value
            do throws(WireError) {
                return .success(try await self.reloadAfterEarlierOnes())
            } catch {
                return .failure(error)
            }
        }
        self.lastReload = reload
        return try await reload.value.get()
    }

    private func reloadAfterEarlierOnes() async throws(WireError) -> ReconfigureRequest.Response {
        guard let source = self.source else {
            throw WireError(.unavailable, "this controller was started without a configuration to re-read")
        }
        let fresh: LoadedConfiguration
        do {
            fresh = try source.load()
        } catch {
            self.logger.error(
                "reconfigure refused; the running configuration is kept", metadata: ["errors": "\(error)"])
            throw WireError(.invalidArgument, "configuration refused; the running configuration is kept:\n\(error)")
        }
        let (inForce, changes) = self.inForce.applying(fresh)
        do {
            try source.applyLogging(inForce.configuration)
        } catch {
            throw WireError(.invalidArgument, "configuration refused; the running configuration is kept: \(error)")
        }
        var settings = ControllerDaemon.settings(from: inForce.configuration)
        // qpid reads HeartbeatInterval once, at its start: keep telling the truth about it.
        settings.heartbeatSeconds = await self.controller.currentSettings.heartbeatSeconds
        await self.controller.apply(settings)
        self.admins.replace(with: settings.adminUsers)
        self.nodeUsers.replace(with: settings.nodeUsers)
        self.inForce = inForce
        self.logger.notice(
            "configuration reloaded",
            metadata: [
                "path": "\(fresh.configuration.sourcePath ?? "none")",
                "applied": "\(changes.applied.joined(separator: ","))",
                "need_restart": "\(changes.needRestart.joined(separator: ","))",
            ])
        return ReconfigureRequest.Response(
            path: fresh.configuration.sourcePath, applied: changes.applied, needRestart: changes.needRestart)
    }

    /// Every key's value in force, where it came from and whether a reconfigure changes it.
    /// OAuth2Providers may hold client secrets: only admins see it.
    public func show(to caller: Caller) -> ShowConfigRequest.Response {
        let entries = self.inForce.entries.map { entry in
            let hidden = entry.key.name == "OAuth2Providers" && !caller.isAdmin && !entry.value.isEmpty
            return ConfigEntry(
                key: entry.key.name, value: hidden ? "(hidden; admins only)" : entry.value, source: entry.sourceKind,
                origin: entry.sourceDescription, live: entry.key.isLive)
        }
        let qpus = self.inForce.configuration.qpus.map { "\($0.name) (\($0.executor), \($0.qubits) qubits)" }
        return ShowConfigRequest.Response(path: self.inForce.configuration.sourcePath, entries: entries, qpus: qpus)
    }
}
