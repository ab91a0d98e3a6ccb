import Foundation
import QPICore
import QPITesting
import Testing

extension ClusterSuite {
    /// qpictld and qpid under what etc/systemd's units impose, as far as it can be had
    /// without systemd as PID 1 (scripts/run-hardened): an unprivileged user without
    /// capabilities or new privileges, every mount read-only but the state and data
    /// directories, a private /tmp, no /root or /home. Jobs run through the native
    /// simulator and a Python executor. Not checked here: the units' system call filter,
    /// address-family and kernel restrictions (systemd-analyze verify and security check
    /// that they are set, not that the daemons live with them).
    @Suite struct HardenedDaemonTests {
        static let daemonUID: UInt32 = 4_301

        @Test func daemonsRunJobsAsAnUnprivilegedUserWritingOnlyTheirDirectories() async throws {
            let qpus = [
                ClusterQPU("sim0"),
                ClusterQPU("py0", executor: "mock", executorCommand: try PythonExecutors.command("mock")),
            ]
            let daemonUser = "uid\(Self.daemonUID)"
            // qpid in munge mode must be an admin, as the README says for AdminUsers=qpi.
            try await withCluster(qpus: qpus, settings: ["AdminUsers": daemonUser], daemons: false) { cluster in
                let manager = FileManager.default
                let root = String(cluster.path(of: "").dropLast())
                try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root)
                try manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: cluster.configPath)
                var writable = [cluster.stateDirectory]
                for qpu in qpus {
                    try manager.createDirectory(
                        atPath: cluster.dataDirectory(of: qpu.name), withIntermediateDirectories: true)
                    writable.append(cluster.dataDirectory(of: qpu.name))
                }
                for directory in writable {
                    try manager.setAttributes(
                        [
                            .ownerAccountID: NSNumber(value: Self.daemonUID),
                            .groupOwnerAccountID: NSNumber(value: Self.daemonUID), .posixPermissions: 0o700,
                        ],
                        ofItemAtPath: directory)
                }
                var shown = [root, URL(fileURLWithPath: cluster.mungeSocket).deletingLastPathComponent().path]
                // An interpreter installed in a home directory (pyenv under /root, on the test
                // machines) stays visible; on a server, python3 is in /usr.
                let python = URL(fileURLWithPath: try PythonExecutors.interpreter()).resolvingSymlinksInPath()
                    .deletingLastPathComponent().deletingLastPathComponent().path
                if python.hasPrefix("/root/") || python.hasPrefix("/home/") { shown.append(python) }
                // So does a checkout (the daemons' binaries, the executors, .venv) in /tmp or a
                // home directory, as a CI clone may be; an installed QPI lives in /usr.
                let checkout = Tool.repositoryRoot
                if ["/tmp/", "/root/", "/home/"].contains(where: { checkout.hasPrefix($0) }) { shown.append(checkout) }
                cluster.launchDaemons(through: [
                    "\(Tool.repositoryRoot)/scripts/run-hardened", "\(Self.daemonUID):\(Self.daemonUID)",
                    writable.joined(separator: ":"), shown.joined(separator: ":"),
                ])
                try await cluster.startDaemons()

                for daemon in [ClusterDaemon.controller] + qpus.map({ ClusterDaemon.node($0.name) }) {
                    let pid = try #require(cluster.pid(of: daemon))
                    let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
                    #expect(status.contains("\nUid:\t\(Self.daemonUID)\t"), "\(daemon): \(status)")
                    #expect(status.contains("\nNoNewPrivs:\t1\n"), "\(daemon)")
                    #expect(status.contains("\nCapEff:\t0000000000000000\n"), "\(daemon)")
                }
                for qpu in qpus {
                    let id = try await cluster.submit(Circuits.bell, ["--qpu", qpu.name, "--shots", "50"])
                    let job = try await cluster.waitForJob(id, within: .seconds(60))
                    #expect(job.state == .completed, "\(qpu.name): \(cluster.logs)")
                }
                let database = try manager.attributesOfItem(atPath: cluster.path(of: "state/qpi.db"))
                #expect((database[.ownerAccountID] as? NSNumber)?.uint32Value == Self.daemonUID)
                // The backup directory, under the state directory, is writable inside the sandbox.
                let inside = try await cluster.run("qctl", ["backup", "backup.db"])
                #expect(inside.succeeded, "\(inside)")
                let copy = try manager.attributesOfItem(atPath: cluster.path(of: "state/backup/backup.db"))
                #expect((copy[.ownerAccountID] as? NSNumber)?.uint32Value == Self.daemonUID)
            }
        }
    }
}
