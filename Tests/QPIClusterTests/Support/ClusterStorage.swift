import Foundation
import QPIStore
import QPITesting
import Testing

/// The engines the exactly-once cluster tests run on: `@Test(arguments: ClusterStorage.Engine.allCases)`.
///
/// On PostgreSQL, `qpictld` gets a fresh database of the test run's server (`StorageURL`)
/// and its password through a `StoragePassFile` of mode 0600, as an admin would set it up.
final class ClusterStorage: Sendable {
    enum Engine: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case sqlite
        case postgresql

        var testDescription: String { self.rawValue }
    }

    let engine: Engine
    private let database: TestPostgresDatabase?
    private let passwordFile: String?

    init(_ engine: Engine) throws {
        self.engine = engine
        guard engine == .postgresql else {
            self.database = nil
            self.passwordFile = nil
            return
        }
        let database = try TestPostgresDatabase()
        let file = NSTemporaryDirectory() + "qpi-storage-pass-" + UUID().uuidString
        guard
            FileManager.default.createFile(
                atPath: file, contents: Data((database.password + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw HarnessError("cannot write the StoragePassFile \(file)") }
        self.database = database
        self.passwordFile = file
    }

    deinit {
        if let passwordFile { try? FileManager.default.removeItem(atPath: passwordFile) }
    }

    /// The `qpi.conf` lines that put the controller's store here.
    var settings: [String: String] {
        guard let database, let passwordFile else { return [:] }
        return ["StorageURL": database.url, "StoragePassFile": passwordFile]
    }

    /// The store the cluster's controller uses, opened by the test itself (with the
    /// controller stopped, or before it first starts).
    func open(_ cluster: ClusterHarness) throws -> JobStore {
        guard let database else { return try JobStore.open(directory: cluster.stateDirectory) }
        return try JobStore.open(postgres: PostgresLocation(url: database.url, password: database.password))
    }

    /// Ends the server sessions of the store's database, as a server restart would.
    func terminateConnections() throws {
        guard let database else { return }
        try database.psql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                + "WHERE datname = '\(database.name)' AND pid <> pg_backend_pid()")
    }

    /// Makes the store's database refuse (or accept again) every new connection.
    func refuseConnections(_ refuse: Bool) throws {
        guard let database else { return }
        try database.psql("ALTER DATABASE \(database.name) ALLOW_CONNECTIONS \(!refuse)")
    }

    /// Runs `sql` on the store's database as the server's superuser.
    func psql(_ sql: String) throws {
        guard let database else { return }
        try database.psql(sql, in: database.name)
    }
}
