import Foundation
import QPICore
import QPIStore
import QPITesting
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
