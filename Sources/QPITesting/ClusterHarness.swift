import Foundation
import Synchronization

/// A real QPI cluster for end-to-end tests: a private munged, `qpictld` and one `qpid`
/// per QPU, as separate processes on 127.0.0.1, with everything in one temporary directory.
///
/// The executables are the ones built next to the running test binary. The configuration
/// uses free ports, a state directory of its own and short heartbeat, node-timeout and
/// recovery intervals. Each daemon appends its output to `log/<daemon>.log`;
/// ``logTail(lines:)`` collects the ends of those logs for failure messages.
///
/// Cleanup: ``stop()`` (and deinit, so a failing test cannot leak a daemon) stops every
/// process the harness started, by pid, then deletes the directory. It never signals a
/// process it did not start, nor one it has already reaped.
///
/// ```swift
/// let cluster = try await ClusterHarness.start(qpus: [ClusterQPU("sim0")])
/// defer { cluster.stop() }
/// let id = try await cluster.submit(bell, ["--shots", "100"])
/// cluster.kill(.controller)
/// try cluster.start(.controller)
/// let listed = try await cluster.run("qstat", ["-a"])
/// ```
public final class ClusterHarness: Sendable {
    /// The QPUs declared in the configuration, each with its own node daemon.
    public let qpus: [ClusterQPU]
    /// The generated `qpi.conf`; commands run by ``run(_:_:configPath:timeout:)`` get `--conf` with it.
    public let configPath: String
    /// The directory holding `qpictld`, `qpid`, `qsim` and the commands.
    public let binDirectory: String
    /// The controller's command port (`ControlPort=`).
    public let controlPort: Int
    /// The private munged's socket (`MungeSocket=`).
    public let mungeSocket: String
    /// `ClusterName=`, which every munge credential of this cluster names.
    public let clusterName: String

    /// Holds the configuration, state, spools, logs and the tests' job scripts.
    private let directory: TemporaryDirectory
    /// The environment of every child: this process's, without `QPI_*` variables, which
    /// would override the generated configuration.
    let environment: [String]
    private let state: Mutex<State>

    struct State {
        var munge: MungeDaemon?
        var daemons: [ClusterDaemon: ChildProcess] = [:]
        /// A command line the daemons are started through, before their own (empty: directly).
        var launcher: [String] = []
        var stopped = false
        /// Flags and `QPI_*` variables qpictld gets beyond `--conf` (``setControllerOptions(arguments:environment:)``).
        var controllerArguments: [String] = []
        var controllerEnvironment: [String] = []
    }

    /// The settings every test cluster starts from; `settings` passed to ``start(qpus:settings:daemons:)`` override them.
    ///
    /// Intervals are short so that failures are noticed within seconds, and
    /// HeartbeatInterval stays well under NodeTimeout. Commands go over TCP and munge, whose
    /// checks most suites are about; the local socket's own suite turns it on.
    public static let baseSettings: [String: String] = [
        "ClusterName": "qpi-test",
        "ControlAddr": "127.0.0.1",
        "LocalSocket": "none",
        "HeartbeatInterval": "1s",
        "NodeTimeout": "5s",
        "RecoveryInterval": "1s",
        "DispatchPollInterval": "1s",
        "LogLevel": "info",
    ]

    /// Writes the configuration, starts munged and, with `daemons`, `qpictld` and every
    /// node, then waits until all QPUs are idle.
    ///
    /// - Parameters:
    ///   - settings: `qpi.conf` keys that override ``baseSettings`` and the generated ports.
    ///   - daemons: false starts munged only, for tests of commands without a controller
    ///     or tests that prepare the state first (then call ``startDaemons()``).
    ///   - linkPorts: the size of `PortRange=`, for tests that register QPUs beyond those of
    ///     `qpus` (default: the two ports each of `qpus` takes). It is probed together with
    ///     the command and HTTP ports, so no port of the range can be one of theirs.
    /// - Throws: ``HarnessError`` with the daemons' logs when the cluster does not come up
    ///   within 60 s; everything started is stopped first.
    public static func start(
        qpus: [ClusterQPU] = [ClusterQPU("sim0")],
        settings: [String: String] = [:],
        daemons: Bool = true,
        linkPorts: Int? = nil
    ) async throws -> ClusterHarness {
        let harness = try ClusterHarness(qpus: qpus, settings: settings, linkPorts: linkPorts)
        guard daemons else { return harness }
        do {
            try await harness.startDaemons()
        } catch {
            let logs = harness.logTail()
            harness.stop()
            throw HarnessError("the test cluster did not come up: \(error)\n\(logs)")
        }
        return harness
    }

    /// Starts `qpictld` and every node that is not running yet, and waits until all QPUs are idle.
    public func startDaemons(within limit: Duration = .seconds(60)) async throws {
        try self.start(.controller)
        for qpu in self.qpus { try self.start(.node(qpu.name)) }
        try await self.waitUntilIdle(within: limit)
    }

    private init(qpus: [ClusterQPU], settings overrides: [String: String], linkPorts: Int?) throws {
        self.qpus = qpus
        self.binDirectory = try Self.buildDirectory()
        self.directory = try TemporaryDirectory(prefix: "qpi-cluster")
        self.configPath = self.directory.path(of: "qpi.conf")
        self.clusterName = overrides["ClusterName"] ?? Self.baseSettings["ClusterName"] ?? "qpi"
        self.environment = ProcessInfo.processInfo.environment
            .filter { !$0.key.hasPrefix("QPI_") }
            .map { "\($0.key)=\($0.value)" }
        for name in ["log", "state", "node", "jobs"] {
            try FileManager.default.createDirectory(
                atPath: self.directory.path(of: name), withIntermediateDirectories: true)
        }

        // The command port, the (unused) HTTP port, and the link ports: two per QPU unless
        // the test asks for more.
        let ports = try FreePorts.consecutive(2 + (linkPorts ?? 2 * max(qpus.count, 1)))
        self.controlPort = ports.lowerBound
        let munge = try MungeDaemon()
        self.mungeSocket = munge.socketPath
        self.state = Mutex(State(munge: munge))

        var settings = Self.baseSettings
        settings["ControlPort"] = String(ports.lowerBound)
        settings["ServerPort"] = String(ports.lowerBound + 1)
        settings["PortRange"] = "\(ports.lowerBound + 2)-\(ports.upperBound)"
        settings["StateSaveLocation"] = self.stateDirectory
        settings["MungeSocket"] = munge.socketPath
        // The cluster CA qpictld creates on first start, kept with the rest of the cluster.
        settings["TLSCACertFile"] = self.directory.path(of: "state/ca.pem")
        settings["TLSCAKeyFile"] = self.directory.path(of: "state/ca.key")
        settings["TLSCertFile"] = self.directory.path(of: "state/cert.pem")
        settings["TLSKeyFile"] = self.directory.path(of: "state/cert.key")
        settings.merge(overrides) { $1 }
        let lines = settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + qpus.map(\.configurationLine)
        try (lines.joined(separator: "\n") + "\n").write(toFile: self.configPath, atomically: true, encoding: .utf8)
    }

    deinit {
        self.stop()
    }

    /// `qpictld`'s state directory (`StateSaveLocation=`), holding `qpi.db`.
    public var stateDirectory: String { self.directory.path(of: "state") }

    /// The data directory of `qpu`'s node daemon (`qpid --data-dir`), holding its spool.
    public func dataDirectory(of qpu: String) -> String {
        self.directory.path(of: "node/\(qpu)")
    }

    /// A path inside the harness's directory, for scripts and files a test writes.
    public func path(of name: String) -> String {
        self.directory.path(of: name)
    }

    /// Stops every process the harness started (nodes first, then the controller, then
    /// munged) and deletes the directory. Safe to call more than once.
    public func stop() {
        self.state.withLock { state in
            guard !state.stopped else { return }
            state.stopped = true
            for (daemon, process) in state.daemons where daemon != .controller { process.stop() }
            state.daemons[.controller]?.stop()
            state.daemons = [:]
            state.munge?.stop()
            state.munge = nil
        }
        self.directory.remove()
    }

    /// The last `lines` lines of every daemon's log, for failure messages. A crash report
    /// ends with a long backtrace, so the lines that say why a daemon crashed are added
    /// when the tail does not reach them.
    public func logTail(lines: Int = 40) -> String {
        let logDirectory = self.directory.path(of: "log")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: logDirectory)) ?? []).sorted()
        var out = ""
        for name in names {
            let text = (try? String(contentsOfFile: "\(logDirectory)/\(name)", encoding: .utf8)) ?? ""
            let all = text.split(separator: "\n", omittingEmptySubsequences: false)
            let tail = all.suffix(lines)
            out += "--- \(name) ---\n"
            if let crash = all.firstIndex(where: Self.startsCrashReport), crash < tail.startIndex {
                out += all[max(0, crash - 5)..<min(crash + 15, tail.startIndex)].joined(separator: "\n") + "\n[…]\n"
            }
            out += tail.joined(separator: "\n") + "\n"
        }
        return out
    }

    /// The first line of a Swift runtime crash, a Swift fatal error or an NNG panic.
    private static func startsCrashReport(_ line: Substring) -> Bool {
        line.hasPrefix("panic:") || line.contains("Fatal error:") || line.hasPrefix("*** Program crashed")
    }

    func withState<T>(_ body: (inout State) throws -> T) rethrows -> T {
        try self.state.withLock { try body(&$0) }
    }

    /// The directory of the built executables: the one holding the running test binary,
    /// or one of its parents.
    public static func buildDirectory() throws -> String {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            if FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("qpictld").path) {
                return directory.path
            }
            directory = directory.deletingLastPathComponent()
        }
        throw HarnessError("qpictld is not built next to \(testBinary.path); run `swift build` first")
    }
}
