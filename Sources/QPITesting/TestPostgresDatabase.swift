import Foundation

/// A database of its own on the PostgreSQL server of the test run, which
/// `scripts/with-postgres` starts (as `make test` does) and names in
/// `QPI_TEST_POSTGRES_URL` and `QPI_TEST_POSTGRES_PASSWORD_FILE`. The database is created
/// empty and dropped when the value goes away, so tests never see each other's rows.
public final class TestPostgresDatabase: Sendable {
    /// `postgresql://USER@HOST:PORT/DATABASE`, without the password.
    public let url: String
    /// The password of the URL's user.
    public let password: String
    public let name: String
    private let serverURL: String

    /// - Throws: ``HarnessError`` when no server was started for the run, naming how to
    ///   start one, or when the database cannot be created.
    public init() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let serverURL = environment["QPI_TEST_POSTGRES_URL"],
            let passwordFile = environment["QPI_TEST_POSTGRES_PASSWORD_FILE"]
        else {
            throw HarnessError(
                "no PostgreSQL server for this test run: run the tests through scripts/with-postgres "
                    + "(make test does), e.g. scripts/with-postgres swift test --filter QPIStoreTests")
        }
        let password = try String(contentsOfFile: passwordFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard let scheme = serverURL.range(of: "://"),
            let slash = serverURL[scheme.upperBound...].range(of: "/", options: .backwards)
        else { throw HarnessError("QPI_TEST_POSTGRES_URL '\(serverURL)' names no database") }
        let name = "qpi_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        self.serverURL = serverURL
        self.password = password
        self.name = name
        self.url = String(serverURL[..<slash.upperBound]) + name
        try self.psql("CREATE DATABASE \(name)")
    }

    deinit {
        // FORCE ends the sessions a failed test may have left open.
        try? self.psql("DROP DATABASE IF EXISTS \(self.name) WITH (FORCE)")
    }

    /// Runs `sql` as the superuser on `database` (this test's own one, by its ``name``),
    /// or on the server's maintenance database when nil.
    public func psql(_ sql: String, in database: String? = nil) throws {
        let url = database.map { self.url.dropLast(self.name.count) + $0 } ?? self.serverURL
        try Command.run(
            try Self.psqlPath(), [url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql],
            environment: ["PGPASSWORD": self.password])
    }

    private static func psqlPath() throws -> String {
        try Command.find("psql")
    }
}
