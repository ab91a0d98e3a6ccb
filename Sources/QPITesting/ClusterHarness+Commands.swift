import Foundation
import QPIDocuments

extension ClusterHarness {
    /// Runs a built command (`qsub`, `qstat`, …) with `--conf` pointing at this cluster's
    /// configuration (or `configPath`), and returns what it did, whatever its exit status.
    /// With `user`, the command runs under that user's uid (see ``TestUser``); by default
    /// it runs as the test process, root, an admin. A `launcher` (`ip netns exec NAME`) is
    /// put before the command, to run it elsewhere on the network.
    ///
    /// Waits without blocking a thread, so many commands may run at once.
    /// - Throws: ``HarnessError`` if it cannot start, or has not ended after `timeout`
    ///   (it is then killed).
    public func run(
        _ command: String,
        _ arguments: [String],
        configPath: String? = nil,
        as user: TestUser? = nil,
        launcher: [String] = [],
        timeout: Duration = .seconds(60)
    ) async throws -> CommandResult {
        let arguments = arguments + ["--conf", configPath ?? self.configPath]
        let commandLine = ((user.map { ["(as \($0))"] } ?? []) + [command] + arguments).joined(separator: " ")
        var executable: String
        var argv: [String]
        if let user {
            (executable, argv) = try self.setprivCommand(command, arguments, as: user)
        } else {
            (executable, argv) = ("\(self.binDirectory)/\(command)", arguments)
        }
        if let first = launcher.first {
            (executable, argv) = (first, launcher.dropFirst() + [executable] + argv)
        }
        // Output goes to files rather than pipes, so a chatty child never blocks on a full pipe.
        let scratch = self.path(of: "jobs/\(command)-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(atPath: scratch + ".out")
            try? FileManager.default.removeItem(atPath: scratch + ".err")
        }
        let process = try ChildProcess(
            executable, argv, outputPath: scratch + ".out", errorPath: scratch + ".err",
            environment: self.environment)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.kill9()
                let output = Self.read(scratch + ".out") + Self.read(scratch + ".err")
                throw HarnessError(
                    "`\(commandLine)` did not end within \(timeout) and was killed; its output: \(output)")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        guard let termination = process.ended else { throw HarnessError("`\(commandLine)` ended without a status") }
        return CommandResult(
            commandLine: commandLine, termination: termination, stdout: Self.read(scratch + ".out"),
            stderr: Self.read(scratch + ".err"))
    }

    /// Runs a command that must succeed and decodes its standard output (`--json`) as `T`.
    /// - Throws: ``HarnessError`` with the command's output when it fails or prints something else.
    public func json<T: Decodable>(
        _ type: T.Type, _ command: String, _ arguments: [String], configPath: String? = nil, as user: TestUser? = nil,
        decoder: JSONDecoder = JSONDecoder()
    ) async throws -> T {
        let result = try await self.run(command, arguments, configPath: configPath, as: user)
        guard result.succeeded else { throw HarnessError("\(result)") }
        do {
            return try decoder.decode(T.self, from: Data(result.stdout.utf8))
        } catch {
            throw HarnessError("cannot decode \(T.self) from \(result): \(error)")
        }
    }

    /// Runs a command that must succeed and decodes the resource document it prints
    /// (`--json`, the HTTP API's shape) as `T`.
    public func document<T: Decodable>(
        _ type: T.Type, _ command: String, _ arguments: [String], as user: TestUser? = nil
    ) async throws -> T {
        try await self.json(type, command, arguments, as: user, decoder: APIJSON.decoder)
    }

    static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}
