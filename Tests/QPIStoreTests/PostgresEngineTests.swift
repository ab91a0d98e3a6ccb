import Foundation
import QPICore
import QPIStore
import QPITesting
import Synchronization
import Testing

@testable import QPIStore

/// What is particular to the PostgreSQL engine: its URL and password rules, the SQL it
/// sends, its schema record, and its errors when the server is wrong or gone.
struct PostgresEngineTests {
    @Test func theURLMustBePostgreSQLParseAndCarryNoPassword() throws {
        let scheme = #expect(throws: StoreError.self) {
            try PostgresLocation(url: "mysql://qpi@127.0.0.1/qpi", password: nil)
        }
        #expect(scheme?.message.contains("is not a postgresql://USER@HOST:PORT/DB URL") == true)
        let password = #expect(throws: StoreError.self) {
            try PostgresLocation(url: "postgresql://qpi:secret@127.0.0.1/qpi", password: nil)
        }
        #expect(password?.message.contains("StoragePassFile") == true)
        #expect(password?.message.contains("secret") == false)
        let port = #expect(throws: StoreError.self) {
            try PostgresLocation(url: "postgresql://qpi@127.0.0.1:port/qpi", password: nil)
        }
        #expect(port?.code == .invalidArgument)
        #expect(port?.message.contains("has port 'port', which is not a port number") == true)
        let option = #expect(throws: StoreError.self) {
            try PostgresLocation(url: "postgresql://qpi@127.0.0.1/qpi?sslmod=require", password: nil)
        }
        #expect(option?.message.contains("does not parse") == true, "\(String(describing: option))")
        #expect(option?.message.contains("sslmod") == true, "\(String(describing: option))")
        #expect(
            try PostgresLocation(url: "postgres://qpi@db.example:5433/qpi?sslmode=require", password: "x").url
                == "postgres://qpi@db.example:5433/qpi?sslmode=require")
    }

    @Test func parametersBecomeNumberedOutsideQuotesAndComments() {
        #expect(
            PostgresConnection.numberedParameters("SELECT ?, '?', \"a?\" FROM t WHERE a = ? -- ?\nAND b = ?")
                == "SELECT $1, '?', \"a?\" FROM t WHERE a = $2 -- ?\nAND b = $3")
        #expect(
            PostgresConnection.numberedParameters("SELECT ?1, ?2 FROM t WHERE id = ?1 AND x = 'it''s ?'")
                == "SELECT $1, $2 FROM t WHERE id = $1 AND x = 'it''s ?'")
    }

    @Test func bothEnginesKnowTheSameLatestSchemaVersion() {
        #expect(PostgresSchema.migrations.last?.version == JobStore.latestSchemaVersion)
    }

    @Test func aDatabaseFromANewerQPIIsRefusedWithItsVersion() async throws {
        let database = try TestPostgresDatabase()
        let location = try PostgresLocation(url: database.url, password: database.password)
        let store = try JobStore.open(postgres: location)
        #expect(try store.schemaVersion == JobStore.latestSchemaVersion)
        try await store.close()
        try database.psql("UPDATE qpi_schema SET version = 99", in: database.name)
        let refusal = #expect(throws: StoreError.self) { try JobStore.open(postgres: location) }
        #expect(refusal?.code == .schemaTooNew)
        #expect(refusal?.message.contains("schema version 99") == true, "\(String(describing: refusal))")
    }

    @Test func committedJobsSurviveReopeningTheDatabase() async throws {
        let database = try TestPostgresDatabase()
        let location = try PostgresLocation(url: database.url, password: database.password)
        let store = try JobStore.open(postgres: location)
        let jobs = try await store.submit((0..<20).map { StoreFixtures.newJob(name: "job\($0)") })
        try await store.close()
        let reopened = try JobStore.open(postgres: location)
        #expect(try reopened.loadActiveJobs() == jobs)
        let more = try await reopened.submit([StoreFixtures.newJob(name: "after")])
        #expect(more[0].id > jobs.last!.id)
        try await reopened.close()
    }

    @Test func aWrongPasswordAndAnUnreachableServerAreRefusedWithTheReason() throws {
        let database = try TestPostgresDatabase()
        let wrong = #expect(throws: StoreError.self) {
            try JobStore.open(postgres: PostgresLocation(url: database.url, password: "not-the-password"))
        }
        #expect(wrong?.code == .io)
        #expect(wrong?.message.contains("password authentication failed") == true, "\(String(describing: wrong))")

        let port = try FreePorts.consecutive(1).lowerBound
        let unreachable = #expect(throws: StoreError.self) {
            try JobStore.open(postgres: PostgresLocation(url: "postgresql://qpi@127.0.0.1:\(port)/qpi", password: nil))
        }
        #expect(unreachable?.code == .io)
        #expect(
            unreachable?.message.contains("cannot connect to PostgreSQL at postgresql://qpi@127.0.0.1:\(port)/qpi")
                == true)
    }

    /// One controller at a time writes: a second one is told who is active, takes over when
    /// the lease lapses, and the first then writes nothing more and hears that it lost.
    @Test func theLeaseAdmitsOneWriterAndFencesTheOneThatLostIt() async throws {
        let database = try TestPostgresDatabase()
        let location = try PostgresLocation(url: database.url, password: database.password)
        let losses = Mutex<[String]>([])
        let first = try JobStore.open(
            postgres: location,
            lease: ControllerLease(holder: "first:6817", timeout: .seconds(30)) { reason in
                losses.withLock { $0.append(reason) }
            })
        let submitted = try await first.submit([StoreFixtures.newJob()])

        let standby = #expect(throws: StoreError.self) {
            try JobStore.open(
                postgres: location, lease: ControllerLease(holder: "second:6818", timeout: .seconds(30)) { _ in })
        }
        #expect(standby?.code == .leaseHeld)
        #expect(
            standby?.message.contains("first:6817 is the active controller") == true, "\(String(describing: standby))")

        // The first one's lease lapses (as if it had stopped renewing); the second takes over.
        try database.psql("UPDATE qpi_controller_lease SET expires_at = 0", in: database.name)
        let second = try JobStore.open(
            postgres: location, lease: ControllerLease(holder: "second:6818", timeout: .seconds(30)) { _ in })
        #expect(try second.loadActiveJobs() == submitted)

        let fenced = await #expect(throws: StoreError.self) { try await first.submit([StoreFixtures.newJob()]) }
        #expect(fenced?.code == .leaseLost, "\(String(describing: fenced))")
        #expect(losses.withLock { $0 } == ["another controller took over this database's lease"])
        #expect(try second.loadActiveJobs() == submitted, "the fenced controller wrote")
        _ = try await second.submit([StoreFixtures.newJob()])
        try await first.close()
        try await second.close()
    }

    /// A clean shutdown gives the lease up: a standby need not wait for it to lapse.
    @Test func closingReleasesTheLease() async throws {
        let database = try TestPostgresDatabase()
        let location = try PostgresLocation(url: database.url, password: database.password)
        let first = try JobStore.open(
            postgres: location, lease: ControllerLease(holder: "first:6817", timeout: .seconds(600)) { _ in })
        try await first.close()
        let second = try JobStore.open(
            postgres: location, lease: ControllerLease(holder: "second:6818", timeout: .seconds(600)) { _ in })
        try await second.close()
    }
}
