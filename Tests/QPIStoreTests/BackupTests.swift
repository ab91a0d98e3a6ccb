import Foundation
import QPICore
import QPIStore
import Testing

/// `JobStore.backup(to:replacing:)` below the controller: a copy taken while writes go
/// on opens as a store with every job committed before it, and its refusals.
struct BackupTests {
    @Test func aBackupTakenDuringWritesHoldsEveryEarlierJobAndOpensAsAStore() async throws {
        let directory = try TemporaryDirectory()
        try await withStore(.sqlite) { store in
            let before = try await store.submit((0..<50).map { StoreFixtures.newJob(name: "before\($0)") })
            // Writers keep committing while the copy is made.
            async let during = store.submit((0..<200).map { StoreFixtures.newJob(name: "during\($0)") })
            let bytes = try await store.backup(to: directory.file("copy.db"), replacing: false)
            _ = try await during
            #expect(bytes > 0)
            #expect(try JobStore.integrityProblems(ofFileAt: directory.file("copy.db")) == [])

            let copy = try JobStore(path: directory.file("copy.db"))
            for job in before {
                #expect(try copy.job(job.id) == job)
            }
            try await copy.close()
        }
    }

    @Test func refusesAnExistingFileUnlessReplacingAndNamesAMissingDirectory() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("copy.db")
        try "not ours".write(toFile: file, atomically: true, encoding: .utf8)
        try await withStore(.sqlite) { store in
            let existing = await #expect(throws: StoreError.self) {
                try await store.backup(to: file, replacing: false)
            }
            #expect(existing?.code == .conflict)
            #expect(try String(contentsOfFile: file, encoding: .utf8) == "not ours")
            _ = try await store.backup(to: file, replacing: true)
            #expect(try JobStore.integrityProblems(ofFileAt: file) == [])

            let missing = await #expect(throws: StoreError.self) {
                try await store.backup(to: directory.file("no/such/copy.db"), replacing: false)
            }
            #expect(missing?.message.contains(directory.file("no/such")) == true, "\(String(describing: missing))")
            // Nothing half-written is left behind.
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["copy.db"])
        }
    }

    /// A PostgreSQL store is backed up by the server's own tools; `qctl backup` says so
    /// and writes nothing.
    @Test func aPostgreSQLStoreNamesTheServersToolsAndWritesNothing() async throws {
        let directory = try TemporaryDirectory()
        try await withStore(.postgresql) { store in
            let refusal = await #expect(throws: StoreError.self) {
                try await store.backup(to: directory.file("copy.db"), replacing: true)
            }
            #expect(refusal?.code == .invalidArgument)
            #expect(refusal?.message.contains("pg_dump") == true, "\(String(describing: refusal))")
            #expect(!FileManager.default.fileExists(atPath: directory.file("copy.db")))
        }
    }
}
