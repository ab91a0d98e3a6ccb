import Foundation
import QPICore
import QPIStore
import Testing

struct GroupCommitTests {
    @Test func concurrentSubmissionsAllCommitWithDistinctIds() async throws {
        let directory = try TemporaryDirectory()
        let store = try JobStore.open(directory: directory.path)
        let submitters = 2_000

        let sequentialCount = 200
        let sequential = Stopwatch()
        for index in 0..<sequentialCount {
            _ = try await store.submit([StoreFixtures.newJob(name: "seq\(index)")])
        }
        let sequentialRates = sequential.rates(sequentialCount)

        let concurrent = Stopwatch()
        let ids = try await withThrowingTaskGroup(of: [Job].self) { group in
            for index in 0..<submitters {
                group.addTask { try await store.submit([StoreFixtures.newJob(name: "job\(index)")]) }
            }
            var ids: [JobID] = []
            for try await jobs in group {
                #expect(jobs.count == 1)
                ids += jobs.map(\.id)
            }
            return ids
        }
        print(
            "group commit, single-job submissions: 1 submitter \(sequentialRates); "
                + "\(submitters) concurrent submitters \(concurrent.rates(submitters))")

        #expect(Set(ids).count == submitters)
        try await store.close()

        let reopened = try JobStore.open(directory: directory.path)
        let active = try reopened.loadActiveJobs()
        #expect(active.count == submitters + sequentialCount)
        #expect(Set(active.map(\.id)).isSuperset(of: ids))
        #expect(active.map(\.id) == active.map(\.id).sorted())
        for job in active.prefix(3) {
            #expect(try reopened.events(of: job.id).map(\.kind) == [.submitted])
        }
        try await reopened.close()
    }

    @Test(arguments: StoreEngineKind.allCases) func aFailingSubmitterDoesNotFailTheOthersInItsTransaction(
        _ engine: StoreEngineKind
    ) async throws {
        try await withStore(engine) { store throws in
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for index in 0..<200 {
                    group.addTask {
                        // Every tenth submission breaks the shots > 0 rule.
                        let job = StoreFixtures.newJob(name: "job\(index)", shots: index % 10 == 0 ? 0 : 100)
                        do {
                            _ = try await store.submit([job])
                            return (index, true)
                        } catch {
                            return (index, false)
                        }
                    }
                }
                var outcomes: [Int: Bool] = [:]
                for await (index, succeeded) in group {
                    outcomes[index] = succeeded
                }
                return outcomes
            }
            #expect(outcomes.filter { !$0.value }.keys.sorted() == Array(stride(from: 0, to: 200, by: 10)))
            #expect(try store.loadActiveJobs().count == 180)
        }
    }

    @Test func closeWaitsForQueuedWritesToCommit() async throws {
        let directory = try TemporaryDirectory()
        let store = try JobStore.open(directory: directory.path)
        let submissions = Task {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        do {
                            return try await store.submit([StoreFixtures.newJob(name: "j\(index)")]).count
                        } catch let error as StoreError where error.code == .closed {
                            return 0
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
        }
        try await Task.sleep(for: .milliseconds(5))
        try await store.close()
        let acknowledged = try await submissions.value

        let reopened = try JobStore.open(directory: directory.path)
        #expect(try reopened.loadActiveJobs().count == acknowledged)
        try await reopened.close()
    }
}
