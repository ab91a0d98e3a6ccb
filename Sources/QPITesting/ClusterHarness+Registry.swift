import Foundation

extension ClusterHarness {
    /// Starts the `qpid` of a QPU made by `qctl qpu create`, as a remote host would: no
    /// configuration file, no munge socket, only `--controller`, the token and the CA pin
    /// (`registry` holds those options). It is `.node(qpu)` for ``stop(_:)``, ``kill(_:)``
    /// and ``log(of:)``, and the harness stops it with the rest. `environment` is added to
    /// its environment (the token can come from there, as a systemd EnvironmentFile gives it).
    /// `addressed` false leaves the controller's address to `registry` or `environment`;
    /// options in `registry` come last, so they override the harness's own.
    public func startRegisteredNode(
        _ qpu: String, _ registry: [String], environment: [String: String] = [:], addressed: Bool = true
    ) throws {
        try self.withState { state in
            guard !state.stopped else { throw HarnessError("the harness has been stopped") }
            let daemon = ClusterDaemon.node(qpu)
            if let running = state.daemons[daemon], running.isRunning { throw HarnessError("\(daemon) is running") }
            let log = self.path(of: "log/\(daemon.logName)")
            Self.appendMarker("harness: starting \(daemon) with a token", to: log)
            let arguments =
                (addressed ? ["--controller", "127.0.0.1:\(self.controlPort)"] : []) + [
                    "--data-dir", self.dataDirectory(of: qpu), "--threads", "1", "--conf", self.path(of: "empty.conf"),
                ] + registry
            if !FileManager.default.fileExists(atPath: self.path(of: "empty.conf")) {
                try "HeartbeatInterval=1s\n".write(
                    toFile: self.path(of: "empty.conf"), atomically: true, encoding: .utf8)
            }
            state.daemons[daemon] = try ChildProcess(
                "\(self.binDirectory)/qpid", arguments, outputPath: log,
                environment: self.environment + environment.map { "\($0.key)=\($0.value)" })
        }
    }

    /// Waits for `daemon` to exit on its own and returns how it ended.
    /// - Throws: ``HarnessError`` when it was never started or still runs after `limit`.
    public func waitForExit(of daemon: ClusterDaemon, within limit: Duration) async throws -> ProcessTermination {
        try await self.waitFor("\(daemon) to exit", within: limit) { () -> ProcessTermination? in
            try self.withState { state in
                guard let process = state.daemons[daemon] else { throw HarnessError("\(daemon) was never started") }
                return process.isRunning ? nil : process.ended
            }
        }
    }

    /// Everything `daemon` has logged.
    public func log(of daemon: ClusterDaemon) -> String {
        (try? String(contentsOfFile: self.path(of: "log/\(daemon.logName)"), encoding: .utf8)) ?? ""
    }
}
