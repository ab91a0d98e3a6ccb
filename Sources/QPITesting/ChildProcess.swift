import Foundation
import Synchronization

/// A daemon or command started by a harness: spawned with a clean signal mask, signalled,
/// stopped and reaped by pid only.
///
/// Foundation's `Process` passes on the spawning thread's signal mask, and a test process
/// blocks SIGTERM in its threads, so a daemon started that way ignores `kill -TERM`.
final class ChildProcess: Sendable {
    /// The child's process id.
    let pid: pid_t
    /// Set once the child has been reaped; the pid is never signalled after that, since
    /// the kernel may have given it to another process.
    private let termination = Mutex<ProcessTermination?>(nil)

    /// Starts `executable` with `arguments`; its stdin reads /dev/null, its stdout appends
    /// to `outputPath` and its stderr to `errorPath` (the same file when nil).
    /// - Parameter environment: `KEY=VALUE` entries; nil passes this process's environment.
    init(
        _ executable: String,
        _ arguments: [String],
        outputPath: String,
        errorPath: String? = nil,
        environment: [String]? = nil
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if let errorPath {
            posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        let envp = environment.map { $0.map { strdup($0) } }
        defer { envp?.forEach { free($0) } }
        var pid = pid_t()
        let status =
            envp.map { posix_spawn(&pid, executable, &actions, &attributes, argv + [nil], $0 + [nil]) }
            ?? posix_spawn(&pid, executable, &actions, &attributes, argv + [nil], environ)
        guard status == 0 else {
            throw HarnessError("posix_spawn \(executable) failed: \(String(cString: strerror(status)))")
        }
        self.pid = pid
    }

    /// Whether the child is still running; reaps it once it has exited.
    var isRunning: Bool {
        self.termination.withLock { termination in
            guard termination == nil else { return false }
            var status: Int32 = 0
            guard waitpid(self.pid, &status, WNOHANG) == self.pid else { return true }
            termination = Self.decode(status)
            return false
        }
    }

    /// How the child ended, once it has been reaped (see ``isRunning``).
    var ended: ProcessTermination? {
        self.termination.withLock { $0 }
    }

    /// Sends `signal` if the child has not been reaped yet.
    func send(_ signal: Int32) {
        self.termination.withLock { termination in
            if termination == nil { kill(self.pid, signal) }
        }
    }

    /// `kill -9` and reap: the abrupt end the crash tests need.
    func kill9() {
        self.termination.withLock { termination in
            guard termination == nil else { return }
            kill(self.pid, SIGKILL)
            var status: Int32 = 0
            waitpid(self.pid, &status, 0)
            termination = Self.decode(status)
        }
    }

    /// Sends SIGCONT (a stopped child cannot act on SIGTERM) and SIGTERM, waits up to
    /// `grace` (polling every 10 ms), then SIGKILL; always reaps.
    func stop(grace: Duration = .seconds(5)) {
        guard self.isRunning else { return }
        self.send(SIGCONT)
        self.send(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while self.isRunning, ContinuousClock.now < deadline {
            usleep(10_000)
        }
        self.kill9()
    }

    private static func decode(_ status: Int32) -> ProcessTermination {
        // The WIFEXITED family are macros Swift does not import.
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
    }
}
