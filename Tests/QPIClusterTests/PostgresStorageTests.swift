import Foundation
import QPICore
import QPIStore
import QPITesting
import QPIWire
import Testing

extension ClusterSuite {
    /// `qpictld` on a PostgreSQL store (`StorageURL`, `StoragePassFile`): what stops it from
    /// starting, with the reason, and how it rides out a database that goes away.
    @Suite struct PostgresStorageTests {
        @Test func badStorageSettingsStopTheStartWithTheReason() async throws {
            let database = try TestPostgresDatabase()
            let directory = try TemporaryDirectory(prefix: "qpi-storage")
            let goodFile = try Self.passwordFile(database.password, mode: 0o600, in: directory)
            let port = try FreePorts.consecutive(1).lowerBound
            let cases: [(settings: [String: String], reason: String)] = [
                (
                    ["StorageURL": database.url.replacingOccurrences(of: "qpi@", with: "qpi:\(database.password)@")],
                    "StorageURL carries a password"
                ),
                (
                    [
                        "StorageURL": database.url,
                        "StoragePassFile": try Self.passwordFile(
                            database.password, mode: 0o644, in: directory),
                    ],
                    "has mode 644, which lets others read or change the database password"
                ),
                (
                    [
                        "StorageURL": database.url,
                        "StoragePassFile": try Self.passwordFile(
                            "wrong", mode: 0o600, in: directory),
                    ],
                    "password authentication failed"
                ),
                (
                    ["StorageURL": "postgresql://qpi@127.0.0.1:\(port)/qpi", "StoragePassFile": goodFile],
                    "cannot connect to PostgreSQL at postgresql://qpi@127.0.0.1:\(port)/qpi"
                ),
                (["StorageURL": "mysql://qpi@127.0.0.1/qpi"], "expected empty (SQLite) or a URL postgresql://"),
            ]
            for (settings, reason) in cases {
                try await withCluster(settings: settings, daemons: false) { cluster in
                    try cluster.start(.controller)
                    let ended = try await cluster.waitForExit(of: .controller, within: .seconds(60))
                    let log = try String(contentsOfFile: cluster.path(of: "log/qpictld.log"), encoding: .utf8)
                    #expect(ended != .exited(0), "\(settings): \(log)")
                    #expect(log.contains(reason), "\(settings): \(log)")
                    #expect(!log.contains(database.password), "the log shows the password: \(log)")
                }
            }

            // A database a newer QPI wrote is refused with its version.
            try database.psql("CREATE TABLE qpi_schema (version BIGINT NOT NULL)", in: database.name)
            try database.psql("INSERT INTO qpi_schema VALUES (99)", in: database.name)
            try await withCluster(
                settings: ["StorageURL": database.url, "StoragePassFile": goodFile], daemons: false
            ) { cluster in
                try cluster.start(.controller)
                _ = try await cluster.waitForExit(of: .controller, within: .seconds(60))
                let log = try String(contentsOfFile: cluster.path(of: "log/qpictld.log"), encoding: .utf8)
                #expect(log.contains("the database has schema version 99"), "\(log)")
            }
        }

        /// Connections cut by the server (a restart, an idle timeout) are taken up again
        /// unnoticed; a database that refuses connections fails submissions with a clear
        /// error and loses nothing acknowledged; service comes back with the database.
        @Test func aDatabaseThatGoesAwayFailsSubmissionsClearlyAndServiceReturnsWithIt() async throws {
            let storage = try ClusterStorage(.postgresql)
            try await withCluster(settings: storage.settings) { cluster in
                var acknowledged = [try await cluster.submit(Circuits.one)]
                #expect(try await cluster.waitForJob(acknowledged[0]).state == .completed, cluster.logs)

                try storage.terminateConnections()
                acknowledged.append(try await cluster.submit(Circuits.one))

                try storage.refuseConnections(true)
                try storage.terminateConnections()
                let refused = try await cluster.run("qsub", [try cluster.writeScript(Circuits.one)])
                #expect(!refused.succeeded)
                #expect(refused.stderr.contains("could not store the job"), "\(refused)")
                #expect(refused.stderr.contains("unreachable") || refused.stderr.contains("connect"), "\(refused)")

                try storage.refuseConnections(false)
                let again = try await cluster.waitFor("a submission to succeed again", within: .seconds(60)) {
                    let retry = try await cluster.run("qsub", ["--parsable", try cluster.writeScript(Circuits.one)])
                    return retry.succeeded ? JobID(retry.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) : nil
                }
                acknowledged.append(again)
                for id in acknowledged {
                    #expect(try await cluster.waitForJob(id).state == .completed, cluster.logs)
                }
            }
        }

        /// A second `qpictld` on the same database stands by, naming the active one in its log
        /// and to every command, and writes nothing; it takes over within `TakeoverTimeout` of the active
        /// one's `kill -9` and serves the jobs the first acknowledged.
        @Test func aSecondControllerStandsByAndTakesOverWhenTheActiveOneDies() async throws {
            let storage = try ClusterStorage(.postgresql)
            let settings = storage.settings.merging(["TakeoverTimeout": "3s"]) { $1 }
            try await withCluster(settings: settings) { cluster in
                let first = try await cluster.submit(Circuits.one)
                #expect(try await cluster.waitForJob(first).state == .completed, cluster.logs)

                let ports = try FreePorts.consecutive(2)
                let secondConf = cluster.path(of: "second.conf")
                let lines = try String(contentsOfFile: cluster.configPath, encoding: .utf8)
                    .split(separator: "\n").map { line -> String in
                        if line.hasPrefix("ControlPort=") { return "ControlPort=\(ports.lowerBound)" }
                        if line.hasPrefix("ServerPort=") { return "ServerPort=\(ports.upperBound)" }
                        return String(line)
                    }
                try (lines.joined(separator: "\n") + "\n").write(toFile: secondConf, atomically: true, encoding: .utf8)
                let secondLog = cluster.path(of: "log/second-qpictld.log")
                FileManager.default.createFile(atPath: secondLog, contents: nil)
                let second = Process()
                second.executableURL = URL(fileURLWithPath: cluster.binDirectory + "/qpictld")
                second.arguments = ["--conf", secondConf]
                second.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: secondLog))
                second.standardError = second.standardOutput
                try second.run()
                defer {
                    if second.isRunning { kill(second.processIdentifier, SIGKILL) }
                    second.waitUntilExit()
                }
                func secondLogText() -> String { (try? String(contentsOfFile: secondLog, encoding: .utf8)) ?? "" }

                _ = try await cluster.waitFor("the second controller to stand by", within: .seconds(60)) {
                    secondLogText().contains(
                        "standby: 127.0.0.1:\(cluster.controlPort) on \(Self.hostName) is the active controller")
                        ? true : nil
                }
                let whileStandingBy = try await cluster.run("qstat", ["-a"], configPath: secondConf)
                #expect(!whileStandingBy.succeeded, "a standby served: \(whileStandingBy)")
                #expect(
                    whileStandingBy.stderr.contains(
                        "standby: 127.0.0.1:\(cluster.controlPort) on \(Self.hostName) is the active controller"),
                    "\(whileStandingBy)")

                cluster.kill(.controller)
                let killed = ContinuousClock.now
                _ = try await cluster.waitFor("the second controller to take over", within: .seconds(60)) {
                    secondLogText().contains("qpictld ready") ? true : nil
                }
                let takeover = ContinuousClock.now - killed
                #expect(secondLogText().contains("took over"), "\(secondLogText())")
                // TakeoverTimeout, one standby poll, and the start itself.
                #expect(takeover < .seconds(3 + 1 + 20), "took \(takeover)")

                let listing = try await cluster.run("qstat", ["-a", "--json"], configPath: secondConf)
                #expect(listing.succeeded, "\(listing)")
                struct Listing: Decodable {
                    struct Item: Decodable {
                        let id: JobID
                        let state: String
                    }
                    let items: [Item]
                }
                let items = try JSONDecoder().decode(Listing.self, from: Data(listing.stdout.utf8)).items
                #expect(items.first { $0.id == first }?.state == "COMPLETED", "\(listing.stdout)")
                let diag = try await cluster.json(DiagReport.self, "qctl", ["diag", "--json"], configPath: secondConf)
                #expect(diag.store?.engine == "postgresql")
                #expect(diag.store?.leaseHolder == "127.0.0.1:\(ports.lowerBound) on \(Self.hostName)")
                #expect(diag.store?.leaseTimeoutSeconds == 3)
                let text = try await cluster.run("qctl", ["diag"], configPath: secondConf)
                #expect(
                    text.stdout.contains(
                        "Active controller: 127.0.0.1:\(ports.lowerBound) on \(Self.hostName), lease held since"),
                    "\(text)")
                let next = try await cluster.run(
                    "qsub", ["--parsable", try cluster.writeScript(Circuits.one)], configPath: secondConf)
                #expect(next.succeeded, "\(next)")

                kill(second.processIdentifier, SIGTERM)
                second.waitUntilExit()
                #expect(second.terminationStatus == 0, "\(secondLogText())")
            }
        }

        /// A controller whose lease another took (or that could not renew it in time) may
        /// write nothing more: it exits, saying why.
        @Test func aControllerThatLosesItsLeaseStopsWritingAndExits() async throws {
            let storage = try ClusterStorage(.postgresql)
            try await withCluster(settings: storage.settings.merging(["TakeoverTimeout": "3s"]) { $1 }) { cluster in
                let before = try await cluster.submit(Circuits.one)
                #expect(try await cluster.waitForJob(before).state == .completed, cluster.logs)
                try storage.psql(
                    "UPDATE qpi_controller_lease SET holder = 'elsewhere:6817', token = token + 1, "
                        + "expires_at = EXTRACT(EPOCH FROM clock_timestamp()) + 600")
                let ended = try await cluster.waitForExit(of: .controller, within: .seconds(60))
                #expect(ended == .exited(1))
                let log = try String(contentsOfFile: cluster.path(of: "log/qpictld.log"), encoding: .utf8)
                #expect(log.contains("lost the store's lease"), "\(log)")
                #expect(log.contains("another controller took over this database's lease"), "\(log)")
            }
        }

        /// The name a controller gives its host in its lease (gethostname).
        static var hostName: String {
            var buffer = [CChar](repeating: 0, count: 256)
            gethostname(&buffer, buffer.count - 1)
            return String(cString: buffer)
        }

        static func passwordFile(_ password: String, mode: Int, in directory: TemporaryDirectory) throws -> String {
            let path = directory.path(of: "pass-\(UUID().uuidString)")
            guard
                FileManager.default.createFile(
                    atPath: path, contents: Data((password + "\n").utf8), attributes: [.posixPermissions: mode])
            else { throw HarnessError("cannot write \(path)") }
            return path
        }
    }
}
