import Foundation
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// `qcancel` of pending and running jobs, through the real daemons.
    @Suite struct CancelTests {
        @Test func cancelledHeldJobNeverRuns() async throws {
            try await withCluster { cluster in
                let id = try await cluster.submit(Circuits.one, ["--hold"])
                let held = try await cluster.show(id).job
                #expect(held.state == .pending)
                #expect(held.reason == .held)

                let cancel = try await cluster.run("qcancel", [String(id)])
                #expect(cancel.succeeded, "\(cancel)")
                let shown = try await cluster.show(id)
                #expect(shown.job.state == .cancelled)
                #expect(!shown.events.contains { $0.kind == .dispatched }, "\(shown.events)")

                let again = try await cluster.run("qcancel", [String(id)])
                #expect(again.exitStatus == 1)
                #expect(again.stderr.contains("already ended CANCELLED"), "\(again)")
                let result = try await cluster.run("qresult", [String(id)])
                #expect(result.exitStatus == 1)
                #expect(result.stderr.contains("without results"), "\(result)")
            }
        }

        @Test func cancelledRunningJobIsStoppedOnItsNode() async throws {
            let executors = try ScriptedExecutors()
            try await withCluster(qpus: [ClusterQPU("gate0", executorCommand: try executors.gated("never"))]) { cluster in
                let id = try await cluster.submit(Circuits.one)
                _ = try await cluster.waitForJob(id, "to run") { $0.state == .running }
                let executors = try Self.executorProcesses(of: cluster, qpu: "gate0")
                #expect(!executors.isEmpty, "the gated executor should be running")

                let cancel = try await cluster.run("qcancel", [String(id)])
                #expect(cancel.succeeded, "\(cancel)")
                #expect(try await cluster.show(id).job.state == .cancelled)

                // The node kills the executor: every process it had started ends.
                _ = try await cluster.waitFor("the cancelled job's executor to end", within: .seconds(15)) {
                    executors.allSatisfy { !Self.isAlive($0) } ? true : nil
                }
                // The node reports the stop, the controller acknowledges it, the spool empties.
                _ = try await cluster.waitFor("the node's spool to empty", within: .seconds(15)) {
                    try Self.spooledFiles(of: cluster, qpu: "gate0").isEmpty ? true : nil
                }
                // The QPU is free again: the next job runs there (and waits at the gate).
                let next = try await cluster.submit(Circuits.one)
                let running = try await cluster.waitForJob(next, "to run") { $0.state == .running }
                #expect(running.qpu == "gate0")
            }
        }

        /// Pids of the processes below `qpu`'s node daemon (its executor and their children).
        static func executorProcesses(of cluster: ClusterHarness, qpu: String) throws -> [pid_t] {
            let node = try #require(cluster.pid(of: .node(qpu)))
            var found: [pid_t] = []
            var parents: Set<pid_t> = [node]
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

        /// The parent pid from `/proc/PID/stat`; nil once the process is gone.
        static func parent(of pid: pid_t) -> pid_t? {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            // After "pid (comm)": state, then the parent's pid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 ? pid_t(fields[1]) : nil
        }

        /// Whether `pid` still runs: a zombie waiting to be reaped counts as ended.
        static func isAlive(_ pid: pid_t) -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
        }

        static func spooledFiles(of cluster: ClusterHarness, qpu: String) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: cluster.dataDirectory(of: qpu) + "/spool")
                .filter { $0.hasSuffix(".json") }
        }
    }
}
