import QPICore
import QPIStore
import Testing

/// A submission retried under the same client-chosen id is stored once.
struct SubmissionIDTests {
    @Test(arguments: StoreEngineKind.allCases) func aRetryReturnsTheFirstJobAndStoresNothing(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            let first = try await store.submit([StoreFixtures.newJob(name: "first")], submissionID: "id-1")
            #expect(first.isNew)
            let retry = try await store.submit([StoreFixtures.newJob(name: "retry")], submissionID: "id-1")
            #expect(!retry.isNew)
            #expect(retry.job == first.job)
            #expect(try store.jobs(matching: JobFilter()).map(\.name) == ["first"])
            #expect(try store.job(submittedAs: "id-1", by: "alice") == first.job)
            #expect(try store.job(submittedAs: "id-2", by: "alice") == nil)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func idsAreScopedByUser(_ engine: StoreEngineKind) async throws {
        try await withStore(engine) { store throws in
            let alice = try await store.submit([StoreFixtures.newJob(user: "alice")], submissionID: "same")
            let bob = try await store.submit([StoreFixtures.newJob(user: "bob", uid: 1001)], submissionID: "same")
            #expect(alice.isNew && bob.isNew)
            #expect(alice.job.id != bob.job.id)
            #expect(try store.job(submittedAs: "same", by: "bob") == bob.job)
        }
    }

    /// Concurrent retries share group-commit transactions; the check inside the write
    /// still lets exactly one of them create the job.
    @Test(arguments: StoreEngineKind.allCases) func concurrentRetriesCreateOneJob(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            let results = try await withThrowingTaskGroup(of: IdentifiedSubmission.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await store.submit([StoreFixtures.newJob()], submissionID: "raced") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter(\.isNew).count == 1)
            #expect(Set(results.map(\.job.id)).count == 1)
            #expect(try store.jobs(matching: JobFilter()).count == 1)
        }
    }
}
