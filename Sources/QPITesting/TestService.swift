import Foundation

/// A helper server a test starts beside the cluster (an OpenID Connect provider, say):
/// it runs until ``stop()`` or deinit, killed by its pid; ``address`` is what it printed
/// on its `listening ADDRESS` line, the sign that it serves.
public final class TestService: Sendable {
    private let process: ChildProcess
    private let directory: TemporaryDirectory
    public let address: String

    /// Starts `executable` and waits up to `deadline` for it to say where it listens.
    public init(_ executable: String, _ arguments: [String], deadline: Duration = .seconds(60)) async throws {
        self.directory = try TemporaryDirectory(prefix: "qpi-service")
        let log = self.directory.path(of: "output.log")
        self.process = try ChildProcess(executable, arguments, outputPath: log)
        let until = ContinuousClock.now + deadline
        while true {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let line = output.split(separator: "\n").first(where: { $0.hasPrefix("listening ") }) {
                self.address = String(line.dropFirst("listening ".count))
                return
            }
            guard self.process.isRunning, ContinuousClock.now < until else {
                self.process.stop()
                throw HarnessError(
                    "\(executable) did not say 'listening ADDRESS' within \(deadline) (\(self.process.isRunning ? "still running" : "it exited")): \(output.suffix(2_000))"
                )
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    deinit {
        self.stop()
    }

    /// What the service has written so far, for a failing test's message.
    public var output: String {
        (try? String(contentsOfFile: self.directory.path(of: "output.log"), encoding: .utf8)) ?? ""
    }

    /// SIGTERM, then SIGKILL after a grace period; safe to call more than once.
    public func stop() {
        self.process.stop()
    }
}
