import Foundation

/// A daemon started by a harness: spawned with a clean signal mask, stopped and reaped by pid.
///
/// Foundation's `Process` passes on the spawning thread's signal mask, and a test process
/// blocks SIGTERM in its threads, so a daemon started that way ignores `kill -TERM`.
final class ChildProcess {
    /// The child's process id.
    let pid: pid_t
    private var exited = false

    /// Starts `executable` with `arguments`; its stdin reads /dev/null and its stdout and
    /// stderr append to `outputPath`.
    init(_ executable: String, _ arguments: [String], outputPath: String) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

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
        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv + [nil], environ)
        guard status == 0 else {
            throw HarnessError("posix_spawn \(executable) failed: \(String(cString: strerror(status)))")
        }
        self.pid = pid
    }

    /// Whether the child is still running; reaps it once it has exited.
    var isRunning: Bool {
        if !self.exited, waitpid(self.pid, nil, WNOHANG) == self.pid {
            self.exited = true
        }
        return !self.exited
    }

    /// Sends SIGTERM and waits up to `grace` (polling every 10 ms), then SIGKILL; always reaps.
    func stop(grace: Duration = .seconds(5)) {
        guard self.isRunning else { return }
        kill(self.pid, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while self.isRunning, ContinuousClock.now < deadline {
            usleep(10_000)
        }
        if self.isRunning {
            kill(self.pid, SIGKILL)
            waitpid(self.pid, nil, 0)
            self.exited = true
        }
    }
}
