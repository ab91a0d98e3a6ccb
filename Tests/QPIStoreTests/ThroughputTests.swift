import Foundation
import QPICore
import QPIStore
import Testing

/// Measurements against the store's performance targets. They print and assert nothing
/// about time; run them in a release build:
///
///     QPI_STORE_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter ThroughputTests
@Suite(.enabled(if: ProcessInfo.processInfo.environment["QPI_STORE_BENCH"] == "1"), .serialized)
struct ThroughputTests {
    @Test(arguments: StoreEngineKind.allCases) func submissionsInBatchesOf100WithTwoScripts(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            let batches = 200
            let sequential = Stopwatch()
            for batch in 0..<batches {
                let jobs = (0..<100).map { StoreFixtures.newJob(name: "b\(batch)-\($0)", scripts: 2) }
                _ = try await store.submit(jobs)
            }
            print("submit, batches of 100 jobs with 2 scripts, one submitter: \(sequential.rates(batches * 100))")

            let concurrent = Stopwatch()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for batch in 0..<batches {
                    group.addTask {
                        _ = try await store.submit((0..<100).map { StoreFixtures.newJob(name: "c\(batch)-\($0)") })
                    }
                }
                try await group.waitForAll()
            }
            print("submit, 200 concurrent batches of 100 jobs: \(concurrent.rates(batches * 100))")
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func resultsSingleAndBatched(_ engine: StoreEngineKind) async throws {
        try await withStore(engine) { store throws in
            try await store.ensureUser("alice", uid: 1000)
            try await store.setBalance("alice", qpuSeconds: 1e9)
            let count = 10_000
            var jobs: [Job] = []
            for _ in 0..<(count / 1_000) {
                jobs += try await store.submit((0..<1_000).map { _ in StoreFixtures.newJob(scripts: 1) })
            }
            let dispatched = try await store.applyBatch(
                jobs.map { JobTransition.dispatch($0.id, qpu: "sim0", dispatchID: $0.id, time: 1) })
            #expect(dispatched.allSatisfy { $0.changed })
            let run = FinishedRun(
                state: .completed, results: StoreFixtures.bellResult(), qpuSeconds: 0.01, chargeUser: "alice",
                qpu: "sim0")

            let singles = 1_000
            let single = Stopwatch()
            for job in jobs.prefix(singles) {
                try await store.recordResult(
                    job.id, dispatchID: job.id, from: "sim0", state: .completed, results: run.results, qpuSeconds: 0.01,
                    chargeUser: "alice", time: 2)
            }
            print("recordResult, one at a time, each awaited: \(single.rates(singles))")

            let batched = Stopwatch()
            let rest = Array(jobs.dropFirst(singles))
            for chunk in stride(from: 0, to: rest.count, by: 500) {
                let batch = rest[chunk..<min(chunk + 500, rest.count)].map {
                    JobTransition.finish($0.id, dispatchID: $0.id, run: run, time: 2)
                }
                _ = try await store.applyBatch(batch)
            }
            print("applyBatch of results, batches of 500: \(batched.rates(rest.count))")
        }
    }

    @Test func loadingOneHundredThousandActiveJobs() async throws {
        let directory = try TemporaryDirectory()
        let store = try JobStore.open(directory: directory.path)
        for _ in 0..<100 {
            _ = try await store.submit((0..<1_000).map { _ in StoreFixtures.newJob(scripts: 1) })
        }
        try await store.close()

        let opening = Stopwatch()
        let reopened = try JobStore.open(directory: directory.path)
        let opened = opening.seconds
        let loading = Stopwatch()
        let active = try reopened.loadActiveJobs()
        let loaded = loading.seconds
        #expect(active.count == 100_000)
        print("startup: open \(opened) s, loadActiveJobs of \(active.count) jobs \(loaded) s")
        try await reopened.close()
    }
}
