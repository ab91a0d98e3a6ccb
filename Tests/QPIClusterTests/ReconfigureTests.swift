import Foundation
import QPICore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// `qctl reconfigure`, SIGHUP and `qctl show config` against a real qpictld.
    @Suite struct ReconfigureTests {
        @Test func reconfigureAppliesIdleThresholdKeepsTheRunningJobAndNamesRestartKeys() async throws {
            let executors = try ScriptedExecutors()
            try await withCluster(qpus: [ClusterQPU("r0", executorCommand: try executors.gated("reconf"))]) {
                cluster in
                let controller = cluster.pid(of: .controller)
                let id = try await cluster.submit(Circuits.one)
                let running = try await cluster.waitForJob(id, "to run") { $0.state == .running }
                let before = try await cluster.configEntry("ServerPort")

                let lines = try cluster.editConfiguration(["IdleThreshold": "42s", "ServerPort": "65000"])
                let reply = try await cluster.admin("qctl", ["reconfigure"])
                #expect(reply.contains("applied: IdleThreshold"), "\(reply)")
                #expect(reply.contains("changed but need a restart: ServerPort"), "\(reply)")

                let idle = try await cluster.configEntry("IdleThreshold")
                #expect(idle.value == "42s")
                #expect(idle.source == "file" && idle.origin == "\(cluster.configPath):\(lines["IdleThreshold"] ?? 0)")
                #expect(idle.live)
                // A restart-only key keeps its running value and origin.
                #expect(try await cluster.configEntry("ServerPort") == before)
                #expect(!before.live)

                // The job was neither dropped nor requeued, and the controller never restarted.
                let after = try await cluster.show(id).job
                #expect(after.state == .running && after.dispatchID == running.dispatchID && after.requeueCount == 0)
                #expect(cluster.pid(of: .controller) == controller)
                executors.open("reconf")
                let ended = try await cluster.waitForJob(id)
                #expect(ended.state == .completed, cluster.logs)
            }
        }

        @Test func aShorterIdleThresholdLendsAnIdleSlotWithoutARestart() async throws {
            try await withCluster(settings: ["IdleThreshold": "1h"]) { cluster in
                _ = try await cluster.book(
                    ["--qpu", "sim0", "--start", "now", "--duration", "1h", "--user", TestUser.alice.name])
                #expect(
                    try await cluster.waitForJob(try await cluster.submit(Circuits.one, as: .alice)).state == .completed
                )
                let bobs = try await cluster.submit(Circuits.one, ["--time", "5m"], as: .bob)
                _ = try await cluster.waitForJob(bobs, "to wait for the slot") { $0.reason == .reservation }
                // Alice's slot is not lent while she has been idle for less than an hour: a
                // few scheduling passes later it still waits.
                try await Task.sleep(for: .seconds(3))
                let waiting = try await cluster.show(bobs).job
                #expect(waiting.state == .pending && waiting.reason == .reservation, "\(waiting)")

                try cluster.editConfiguration(["IdleThreshold": "1s"])
                _ = try await cluster.admin("qctl", ["reconfigure"])
                let borrowed = try await cluster.waitForJob(bobs, within: .seconds(30))
                #expect(borrowed.state == .completed, "\(borrowed)")
            }
        }

        @Test func sighupReloadsLiveKeysLikeReconfigure() async throws {
            try await withCluster { cluster in
                let controller = cluster.pid(of: .controller)
                try cluster.editConfiguration(["IdleThreshold": "7s", "MaxShots": "5000"])
                cluster.signal(.controller, SIGHUP)
                _ = try await cluster.waitFor("SIGHUP to apply IdleThreshold", within: .seconds(20)) {
                    () async throws -> Bool? in
                    try await cluster.configEntry("IdleThreshold").value == "7s" ? true : nil
                }
                #expect(try await cluster.configEntry("MaxShots").value == "5000")
                #expect(cluster.pid(of: .controller) == controller)
                // The new limit is enforced at once.
                let refused = try await cluster.run("qsub", ["--shots", "6000", try cluster.writeScript(Circuits.one)])
                #expect(!refused.succeeded && refused.stderr.contains("5000"), "\(refused)")
                let id = try await cluster.submit(Circuits.bell, ["--shots", "100"])
                #expect(try await cluster.waitForJob(id).state == .completed)
            }
        }

        @Test func aBrokenFileIsRefusedWithItsLineAndTheRunningValuesKept() async throws {
            try await withCluster { cluster in
                try cluster.editConfiguration(["IdleThreshold": "9s"])
                _ = try await cluster.admin("qctl", ["reconfigure"])
                // qctl reads the file too and would refuse it itself: it gets a good copy,
                // so that the refusal checked here is qpictld's.
                let client = cluster.path(of: "client.conf")
                try FileManager.default.copyItem(atPath: cluster.configPath, toPath: client)
                let lines = try cluster.editConfiguration(["IdleThreshold": "banana", "MaxShots": "5000"])
                let refused = try await cluster.run("qctl", ["reconfigure"], configPath: client)
                #expect(!refused.succeeded)
                #expect(refused.stderr.contains("\(cluster.configPath):\(lines["IdleThreshold"] ?? 0)"), "\(refused)")
                #expect(refused.stderr.contains("'banana' for IdleThreshold"), "\(refused)")
                #expect(refused.stderr.contains("running configuration is kept"), "\(refused)")
                // Nothing of the broken file applies, not even its valid line.
                #expect(try await cluster.configEntry("IdleThreshold", configPath: client).value == "9s")
                #expect(try await cluster.configEntry("MaxShots", configPath: client).value == "10000000")

                // The same file on SIGHUP: refused, and the controller keeps serving.
                cluster.signal(.controller, SIGHUP)
                _ = try await cluster.waitFor("qpictld to log the refusal", within: .seconds(20)) { () -> Bool? in
                    cluster.log(of: .controller).components(separatedBy: "reconfigure refused").count == 3 ? true : nil
                }
                #expect(cluster.pid(of: .controller) != nil)
                #expect(try await cluster.configEntry("IdleThreshold", configPath: client).value == "9s")
            }
        }

        @Test func showConfigNamesEachSourceAndFlagsAndEnvironmentOutliveReloads() async throws {
            try await withCluster(daemons: false) { cluster in
                cluster.setControllerOptions(
                    arguments: ["--max-shots", "5000"], environment: ["QPI_DEFAULT_SHOTS": "77"])
                let lines = try cluster.editConfiguration(["MaxQubits": "12", "MaxShots": "9000", "DefaultShots": "88"])
                try await cluster.startDaemons()

                let flag = try await cluster.configEntry("MaxShots")
                #expect(flag.value == "5000" && flag.source == "flag" && flag.origin == "--max-shots")
                let env = try await cluster.configEntry("DefaultShots")
                #expect(env.value == "77" && env.source == "env" && env.origin == "QPI_DEFAULT_SHOTS")
                let file = try await cluster.configEntry("MaxQubits")
                #expect(file.value == "12" && file.source == "file")
                #expect(file.origin == "\(cluster.configPath):\(lines["MaxQubits"] ?? 0)")
                let fallback = try await cluster.configEntry("BookingHorizon")
                #expect(fallback.value == "30d" && fallback.source == "default" && fallback.origin == "default")

                // A reload re-reads the file only: the flag and the variable still win.
                try cluster.editConfiguration(["MaxShots": "9500", "DefaultShots": "99", "MaxQubits": "13"])
                let reply = try await cluster.admin("qctl", ["reconfigure"])
                #expect(reply.contains("applied: MaxQubits\n"), "\(reply)")
                #expect(try await cluster.configEntry("MaxShots").value == "5000")
                #expect(try await cluster.configEntry("DefaultShots").value == "77")
                #expect(try await cluster.configEntry("MaxQubits").value == "13")
                // The reloaded MaxQubits also bounds a QPU registered from now on.
                let tooWide = try await cluster.run("qctl", ["qpu", "create", "wide0", "--qubits", "14"])
                #expect(!tooWide.succeeded && tooWide.stderr.contains("MaxQubits=13"), "\(tooWide)")

                // The table form names the same sources.
                let table = try await cluster.admin("qctl", ["show", "config"])
                #expect(table.contains("Configuration file: \(cluster.configPath)"))
                #expect(
                    table.split(separator: "\n").contains { $0.hasPrefix("MaxShots ") && $0.contains("--max-shots") })
            }
        }

        @Test func reconfigureIsForAdminsOnly() async throws {
            try await withCluster { cluster in
                let user = TestUser.alice
                let refused = try await cluster.run("qctl", ["reconfigure"], as: user)
                #expect(
                    !refused.succeeded && refused.stderr.contains("only root or an AdminUsers account"), "\(refused)")
                // show config is for everyone, as `scontrol show config` is.
                let shown = try await cluster.run("qctl", ["show", "config", "--json"], as: user)
                #expect(shown.succeeded, "\(shown)")
            }
        }
    }
}

extension ClusterHarness {
    /// One key as `qctl show config --json` reports it.
    func configEntry(_ key: String, configPath: String? = nil) async throws -> ConfigEntry {
        let result = try await self.run("qctl", ["show", "config", "--json"], configPath: configPath)
        guard result.succeeded else { throw HarnessError("\(result)") }
        let shown = try JSONDecoder().decode(ShowConfigRequest.Response.self, from: Data(result.stdout.utf8))
        guard let entry = shown.entries.first(where: { $0.key == key }) else {
            throw HarnessError("qctl show config lists no \(key)")
        }
        return entry
    }

    /// Sets keys in the cluster's `qpi.conf` (a nil value removes the key), keeping the
    /// other lines where they are; returns the 1-based line of each key set.
    @discardableResult
    func editConfiguration(_ changes: [String: String?]) throws -> [String: Int] {
        var lines = try String(contentsOfFile: self.configPath, encoding: .utf8)
            .split(separator: "\n").map(String.init)
        var positions: [String: Int] = [:]
        for (key, value) in changes.sorted(by: { $0.key < $1.key }) {
            let index = lines.firstIndex { $0.hasPrefix("\(key)=") }
            switch (index, value) {
            case (let index?, let value?): lines[index] = "\(key)=\(value)"
            case (let index?, nil): lines.remove(at: index)
            case (nil, let value?): lines.append("\(key)=\(value)")
            case (nil, nil): break
            }
        }
        for (key, value) in changes where value != nil {
            positions[key] = (lines.firstIndex { $0.hasPrefix("\(key)=") } ?? -1) + 1
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: self.configPath, atomically: true, encoding: .utf8)
        return positions
    }
}
