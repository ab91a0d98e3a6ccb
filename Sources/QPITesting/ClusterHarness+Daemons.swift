import Foundation

extension ClusterHarness {
    /// Starts `daemon` unless it is already running. Its output appends to its log, after
    /// a line marking the start, so restarts can be told apart.
    public func start(_ daemon: ClusterDaemon) throws {
        try self.withState { state in
            guard !state.stopped else { throw HarnessError("the harness has been stopped") }
            if let running = state.daemons[daemon], running.isRunning { return }
            let log = self.path(of: "log/\(daemon.logName)")
            Self.appendMarker("harness: starting \(daemon)", to: log)
            let arguments: [String]
            switch daemon {
            case .controller:
                arguments = ["--conf", self.configPath] + state.controllerArguments
            case .node(let qpu):
                // One simulator thread each: the cluster shares two cores with the tests.
                arguments = [
                    "--name", qpu, "--conf", self.configPath, "--data-dir", self.dataDirectory(of: qpu), "--threads",
                    "1",
                ]
            }
            let environment = self.environment + (daemon == .controller ? state.controllerEnvironment : [])
            var command = state.launcher + ["\(self.binDirectory)/\(daemon.executable)"] + arguments
            if case .node(let qpu) = daemon, let launcher = self.qpus.first(where: { $0.name == qpu })?.launcher {
                command = launcher + command
            }
            state.daemons[daemon] = try ChildProcess(
                command[0], Array(command.dropFirst()), outputPath: log, environment: environment)
        }
    }

    /// Starts the daemons from now on through `launcher` (a sandbox, a privilege drop),
    /// which must end by exec'ing the command line it is given, so the pid stays the daemon's.
    public func launchDaemons(through launcher: [String]) {
        self.withState { state in state.launcher = launcher }
    }

    /// `kill -9` of `daemon`, reaped at once; nothing happens if it is not running.
    public func kill(_ daemon: ClusterDaemon) {
        self.withState { state in
            guard let process = state.daemons[daemon], process.isRunning else { return }
            process.kill9()
            Self.appendMarker("harness: killed \(daemon) with SIGKILL", to: self.path(of: "log/\(daemon.logName)"))
        }
    }

    /// `kill -9` of `daemon` if it runs, then a fresh start.
    public func restart(_ daemon: ClusterDaemon) throws {
        self.kill(daemon)
        try self.start(daemon)
    }

    /// Sends `signal` (SIGSTOP, SIGCONT, …) to `daemon` if it is running.
    public func signal(_ daemon: ClusterDaemon, _ signal: Int32) {
        self.withState { state in
            guard let process = state.daemons[daemon], process.isRunning else { return }
            process.send(signal)
        }
    }

    /// Sends `signal` to the cluster's munged (SIGSTOP: credentials wait; SIGCONT).
    public func signalMunge(_ signal: Int32) {
        self.withState { state in state.munge?.send(signal) }
    }

    /// Stops `daemon` gracefully (SIGTERM, SIGKILL after 10 s), so a controller closes its
    /// store cleanly before a test reads it.
    /// - Returns: how it ended, or nil if it was not running.
    @discardableResult
    public func stop(_ daemon: ClusterDaemon) -> ProcessTermination? {
        self.withState { state in
            guard let process = state.daemons[daemon], process.isRunning else { return nil }
            process.stop(grace: .seconds(10))
            return process.ended
        }
    }

    /// The pid of `daemon` while it runs.
    public func pid(of daemon: ClusterDaemon) -> pid_t? {
        self.withState { state in
            guard let process = state.daemons[daemon], process.isRunning else { return nil }
            return process.pid
        }
    }

    static func appendMarker(_ text: String, to path: String) {
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        handle.write(Data("=== \(text) ===\n".utf8))
    }
}
