import Foundation
import QPIAuth
import Synchronization

/// A private munged for tests, with its own random key, socket and files in a temporary
/// directory. It never touches the system's munged, key or socket.
///
/// munged runs in the foreground as a child of the test process, so it is reaped when it
/// exits (a daemonized munged would be left a zombie where init does not reap, as here).
/// In the foreground it logs to stderr, not to `--log-file`, so stderr goes to ``logPath``.
/// ``stop()`` kills it by pid and deletes the directory; deinit does the same, so a failing
/// test does not leak a daemon.
///
/// Running as root, munged insists that the key be owned by its own uid with mode 0600 or
/// 0400, and that the socket directory be executable by everyone but not world-writable;
/// `--force` is not needed.
public final class MungeDaemon: Sendable {
    /// The socket clients use: pass it to `MungeCredentials(socketPath:)`.
    public let socketPath: String
    /// munged's output, for diagnosing a failed start.
    public let logPath: String
    private let directory: TemporaryDirectory
    private let process: ChildProcess
    private let stopped = Mutex(false)

    /// Starts munged with a fresh 1,024-byte random key and waits until its socket answers.
    /// - Throws: ``HarnessError`` with munged's log when it does not come up within 5 s.
    public init() throws {
        let directory = try TemporaryDirectory(prefix: "qpi-munge")
        // munged refuses a socket directory that others cannot traverse.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        let keyPath = directory.path(of: "munge.key")
        var generator = SystemRandomNumberGenerator()
        let key = Data((0..<1024).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        guard FileManager.default.createFile(atPath: keyPath, contents: key, attributes: [.posixPermissions: 0o600])
        else { throw HarnessError("cannot write the munge key \(keyPath)") }

        self.directory = directory
        self.socketPath = directory.path(of: "munge.socket")
        self.logPath = directory.path(of: "munged.log")
        self.process = try ChildProcess(
            try Command.find("munged"),
            [
                "--foreground",
                "--socket=\(self.socketPath)",
                "--key-file=\(keyPath)",
                "--pid-file=\(directory.path(of: "munged.pid"))",
                "--seed-file=\(directory.path(of: "munged.seed"))",
            ],
            outputPath: self.logPath
        )
        try self.waitUntilReady()
    }

    deinit {
        self.stop()
    }

    /// Credentials through this daemon.
    public var credentials: MungeCredentials {
        MungeCredentials(socketPath: self.socketPath)
    }

    /// Sends `signal` to munged: SIGSTOP makes every credential request wait, SIGCONT
    /// answers them.
    public func send(_ signal: Int32) {
        self.process.send(signal)
    }

    /// Stops munged (SIGTERM by pid, SIGKILL after 5 s) and deletes its directory.
    /// Safe to call more than once.
    public func stop() {
        guard
            !self.stopped.withLock({ stopped in
                defer { stopped = true }; return stopped
            })
        else { return }
        self.process.stop()
        self.directory.remove()
    }

    private func waitUntilReady() throws {
        let credentials = self.credentials
        let limit = Duration.seconds(30)
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            guard self.process.isRunning else { break }
            if (try? credentials.encode()) != nil {
                return
            }
            usleep(20_000)
        }
        let log = (try? String(contentsOfFile: self.logPath, encoding: .utf8)) ?? ""
        self.stop()
        throw HarnessError("munged did not answer within \(limit): \(log)")
    }
}
