import Foundation
import QPICore
import QPITesting
import Testing

extension ClusterSuite {
    /// `LogFile=`, `LogFormat=json`, SIGUSR2 reopening and `DebugLevel` against real daemons.
    @Suite struct LogFileTests {
        @Test func jsonLinesCarryTheJobIdAndSigusr2ReopensTheFileAfterItMoved() async throws {
            try await withLoggingCluster { cluster, log in
                let first = try await cluster.submit(Circuits.bell, ["--shots", "50"])
                #expect(try await cluster.waitForJob(first).state == .completed)
                let lines = try Self.jsonLines(log)
                #expect(!lines.isEmpty)
                for message in ["job submitted", "job dispatched", "job ended"] {
                    let line = lines.first { $0["message"] == message && $0["label"] == "qpictld" }
                    #expect(line?["job"] == "\(first)", "\(message): \(String(describing: line))")
                }
                // qpid's lines about the job carry it too.
                #expect(lines.contains { $0["message"] == "job started" && $0["job"] == "\(first)" })

                // logrotate without copytruncate: move the file, signal, and new lines go to a new file.
                let rotated = log + ".1"
                try FileManager.default.moveItem(atPath: log, toPath: rotated)
                cluster.signal(.controller, SIGUSR2)
                for qpu in cluster.qpus { cluster.signal(.node(qpu.name), SIGUSR2) }
                _ = try await cluster.waitFor("qpictld to reopen its log", within: .seconds(20)) { () -> Bool? in
                    ((try? Self.jsonLines(log)) ?? []).contains { $0["message"] == "log file reopened" } ? true : nil
                }
                let second = try await cluster.submit(Circuits.bell, ["--shots", "50"])
                #expect(try await cluster.waitForJob(second).state == .completed)
                #expect(
                    try Self.jsonLines(log).contains { $0["message"] == "job submitted" && $0["job"] == "\(second)" })
                #expect(!(try Self.jsonLines(rotated)).contains { $0["job"] == "\(second)" })
            }
        }

        @Test func debugLevelFiltersAndReconfigureChangesItLive() async throws {
            try await withLoggingCluster { cluster, log in
                try cluster.editConfiguration(["LogLevel": nil, "DebugLevel": "error"])
                _ = try await cluster.admin("qctl", ["reconfigure"])
                let quiet = try await cluster.submit(Circuits.bell, ["--shots", "50"])
                #expect(try await cluster.waitForJob(quiet).state == .completed)
                #expect(!(try Self.jsonLines(log)).contains { $0["job"] == "\(quiet)" && $0["label"] == "qpictld" })

                try cluster.editConfiguration(["DebugLevel": "verbose"])
                _ = try await cluster.admin("qctl", ["reconfigure"])
                let loud = try await cluster.submit(Circuits.bell, ["--shots", "50"])
                #expect(try await cluster.waitForJob(loud).state == .completed)
                // "job accepted by node" is logged at debug, which DebugLevel=verbose shows.
                let lines = try Self.jsonLines(log).filter { $0["job"] == "\(loud)" && $0["label"] == "qpictld" }
                #expect(lines.contains { $0["message"] == "job accepted by node" && $0["level"] == "debug" })
                #expect(lines.contains { $0["message"] == "job submitted" })
            }
        }

        /// A cluster whose daemons log JSON to one `LogFile=`, handed over with that file's path.
        private func withLoggingCluster(_ body: (ClusterHarness, String) async throws -> Void) async throws {
            try await withCluster(daemons: false) { cluster in
                // The file is named once the harness has made its directory.
                let log = cluster.path(of: "log/daemons.json")
                try cluster.editConfiguration(["LogFile": log, "LogFormat": "json"])
                try await cluster.startDaemons()
                try await body(cluster, log)
            }
        }

        /// Every line of `path`, each of which must be a JSON object of strings.
        static func jsonLines(_ path: String) throws -> [[String: String]] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String] else {
                    throw HarnessError("not a JSON object of strings: \(line)")
                }
                return object
            }
        }
    }
}
