import Foundation
import QPITesting

extension ClusterHarness {
    /// Pids of the processes below `daemon` (for a node: its executor and their children).
    func processes(under daemon: ClusterDaemon) throws -> [pid_t] {
        guard let root = self.pid(of: daemon) else { throw HarnessError("\(daemon) is not running") }
        var found: [pid_t] = []
        var parents: Set<pid_t> = [root]
        // Walk /proc a few times so grandchildren are found after their parents.
        for _ in 0..<3 {
            for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc") {
                guard let pid = pid_t(entry), !found.contains(pid), let parent = Self.parent(of: pid),
                    parents.contains(parent)
                else { continue }
                found.append(pid)
                parents.insert(pid)
            }
        }
        return found
    }

    /// Whether `pid` still runs: a zombie waiting to be reaped counts as ended.
    static func isAlive(_ pid: pid_t) -> Bool {
        Self.statFields(of: pid)?.first.map { $0 != "Z" } ?? false
    }

    /// The parent's pid from `/proc/PID/stat`; nil once the process is gone.
    static func parent(of pid: pid_t) -> pid_t? {
        Self.statFields(of: pid).flatMap { $0.count > 1 ? pid_t($0[1]) : nil }
    }

    /// The fields of `/proc/PID/stat` after "pid (command)": state, parent pid, …
    private static func statFields(of pid: pid_t) -> [Substring]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
    }

    /// The results `qpu`'s node holds in its spool, waiting for the controller's acknowledgement.
    func spooledResults(of qpu: String) throws -> [String] {
        let spool = self.dataDirectory(of: qpu) + "/spool"
        guard FileManager.default.fileExists(atPath: spool) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: spool).filter { $0.hasSuffix(".json") }
    }
}
