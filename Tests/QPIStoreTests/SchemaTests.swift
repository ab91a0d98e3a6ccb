import Foundation
import GRDB
import QPICore
import Testing

@testable import QPIStore

struct SchemaTests {
    @Test func newFileComesUpAtTheLatestVersionInWALMode() async throws {
        let directory = try TemporaryDirectory()
        let stateDirectory = directory.file("state/nested")
        let store = try JobStore.open(directory: stateDirectory)
        #expect(try store.schemaVersion == JobStore.latestSchemaVersion)
        #expect(JobStore.latestSchemaVersion >= 2)
        #expect(store.path == stateDirectory + "/qpi.db")
        try await store.close()

        let attributes = try FileManager.default.attributesOfItem(atPath: stateDirectory)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)

        let queue = try DatabaseQueue(path: stateDirectory + "/qpi.db")
        let journalMode = try await queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(journalMode == "wal")
        let tables = try await queue.read { db in
            try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        for table in ["jobs", "job_scripts", "job_results", "job_events", "qpus", "users", "meta"] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        try queue.close()
    }

    @Test func aVersion1FileIsMigratedForwardWithItsDataIntact() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("qpi.db")

        let old = try JobStore(path: path, schemaVersion: 1)
        #expect(try old.schemaVersion == 1)
        let jobs = try await old.submit([StoreFixtures.newJob(name: "a"), StoreFixtures.newJob(name: "b", held: true)])
        try await old.ensureUser("alice", uid: 1000)
        try await old.setBalance("alice", qpuSeconds: 100)
        try await old.upsertQPU(QPU(name: "sim0", executor: "sim", qubits: 24, state: .idle), time: 1)
        let ports = try await old.allocatePorts(for: "sim0", range: 6000...7000)
        #expect(try await old.markDispatched(jobs[0].id, qpu: "sim0", dispatchID: 1, time: 10))
        try await old.close()

        let raw = try DatabaseQueue(path: path)
        let oldColumns = try await raw.read { db in try db.columns(in: "jobs").map(\.name) }
        #expect(!oldColumns.contains("qpu_calibration_id"))
        try raw.close()

        let store = try JobStore(path: path)
        #expect(try store.schemaVersion == JobStore.latestSchemaVersion)
        let active = try store.loadActiveJobs()
        #expect(active.map(\.name) == ["a", "b"])
        #expect(active[0].state == .running && active[0].qpu == "sim0" && active[0].dispatchID == 1)
        #expect(active[1].reason == .held && active[1].held)
        #expect(try store.scripts(of: jobs[0].id).count == 2)
        #expect(try store.events(of: jobs[0].id).map(\.kind) == [.submitted, .dispatched])
        #expect(try store.balance(of: "alice") == 100)
        let qpu = try #require(try store.qpu(named: "sim0"))
        #expect(qpu.dispatchPort == ports.dispatch && qpu.resultPort == ports.result)

        // The column that version 2 added works on the migrated file.
        #expect(
            try await store.recordResult(
                jobs[0].id, dispatchID: 1, from: "sim0", state: .completed, results: StoreFixtures.bellResult(),
                qpuSeconds: 2, chargeUser: "alice", calibrationID: "cal-42", time: 20))
        #expect(try store.result(of: jobs[0].id)?.calibrationID == "cal-42")
        #expect(try store.balance(of: "alice") == 98)
        try await store.close()
    }

    @Test func aFileFromANewerSchemaIsRefused() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("qpi.db")
        try await JobStore(path: path).close()

        let raw = try DatabaseQueue(path: path)
        try await raw.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
            try db.execute(sql: "PRAGMA user_version = 99")
        }
        try raw.close()

        let error = #expect(throws: StoreError.self) { try JobStore(path: path) }
        #expect(error?.code == .schemaTooNew)
        #expect(error?.message.contains("99") == true)
    }

    @Test func aFileThatIsNotADatabaseGivesAClearError() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("qpi.db")
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: StoreError.self) { try JobStore(path: path) }
        #expect(error?.code == .notADatabase)
        #expect(error?.message.contains(path) == true)
    }

    @Test func anUncreatableDirectoryIsAnIOError() throws {
        let directory = try TemporaryDirectory()
        let blocker = directory.file("file")
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))

        let error = #expect(throws: StoreError.self) { try JobStore.open(directory: blocker + "/state") }
        #expect(error?.code == .io)
    }
}

struct QueryPlanTests {
    /// Startup must read the active queue through the partial index, which holds only
    /// pending and running jobs in id order: no scan of the finished history, no sort.
    @Test func loadingActiveJobsUsesThePartialIndex() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("qpi.db")
        try await JobStore(path: path).close()
        let raw = try DatabaseQueue(path: path)
        let plan = try await raw.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + JobStore.activeJobsSQL(.sqlite)).map {
                $0["detail"] as String
            }
        }
        try raw.close()
        #expect(plan.contains { $0.contains("jobs_active") }, "plan: \(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "plan: \(plan)")
    }
}

struct DamagedFileTests {
    /// A file whose pages were overwritten is reported as damaged, at open or at the first
    /// read of a damaged page, and never crashes the process.
    @Test func overwrittenPagesGiveACorruptionError() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("qpi.db")
        let store = try JobStore(path: path)
        for batch in 0..<20 {
            _ = try await store.submit((0..<50).map { StoreFixtures.newJob(name: "b\(batch)-\($0)") })
        }
        try await store.close()

        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let pageSize = 4096
        #expect(bytes.count > 8 * pageSize)
        for offset in stride(from: pageSize, to: bytes.count, by: 1) {
            bytes[offset] = UInt8(truncatingIfNeeded: offset &* 131 &+ 17)
        }
        try bytes.write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: StoreError.self) {
            let damaged = try JobStore(path: path)
            _ = try damaged.loadActiveJobs()
        }
        #expect([StoreError.Code.corrupt, .notADatabase].contains(error?.code), "\(String(describing: error))")
    }

    /// A row edited outside QPI into something the schema cannot hold is a clear error.
    @Test func anUnreadableRowIsACorruptionError() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("qpi.db")
        let store = try JobStore(path: path)
        let job = try await store.submit([StoreFixtures.newJob()])[0]
        try await store.close()

        let raw = try DatabaseQueue(path: path)
        try await raw.write { db in
            try db.execute(sql: "UPDATE jobs SET state = 'EXPLODED', shots = 'many' WHERE id = ?", arguments: [job.id])
        }
        try raw.close()

        let reopened = try JobStore(path: path)
        let error = #expect(throws: StoreError.self) { try reopened.job(job.id) }
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains("EXPLODED") == true)
        try await reopened.close()
    }
}
