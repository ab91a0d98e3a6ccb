import Foundation
import QPICore
import QPIStore
import Testing

struct SubmitTests {
    @Test(arguments: StoreEngineKind.allCases) func submitAssignsIncreasingIdsAndRecordsEverything(
        _ engine: StoreEngineKind
    ) async throws {
        try await withStore(engine) { store throws in
            let jobs = try await store.submit([
                StoreFixtures.newJob(name: "one", requestedQPU: "sim0", seed: UInt64.max),
                StoreFixtures.newJob(name: "two", scripts: 1, held: true),
            ])
            #expect(jobs.map(\.name) == ["one", "two"])
            #expect(jobs[1].id == jobs[0].id + 1)
            #expect(jobs.allSatisfy { $0.state == .pending })
            #expect(jobs[1].reason == .held)
            #expect(jobs.map(\.held) == [false, true])

            let stored = try #require(try store.job(jobs[0].id))
            #expect(stored == jobs[0])
            #expect(try store.job(jobs[1].id) == jobs[1])
            #expect(stored.seed == UInt64.max)
            #expect(stored.requestedQPU == "sim0")

            let scripts = try store.scripts(of: jobs[0].id)
            #expect(scripts.map(\.name) == ["circuit0.qasm", "circuit1.qasm"])
            #expect(scripts[0].text == StoreFixtures.bellScript)

            #expect(try store.events(of: jobs[0].id).map(\.kind) == [.submitted])
            #expect(try store.events(of: jobs[1].id).map(\.kind) == [.submitted, .held])
            #expect(try store.events(of: jobs[0].id).first?.time == 1_700_000_000)
        }
    }

    /// The begin time and the comment come back from the queue at startup and from
    /// accounting after the job ended.
    @Test(arguments: StoreEngineKind.allCases) func beginTimeAndCommentAreKept(_ engine: StoreEngineKind) async throws {
        try await withStore(engine) { store throws in
            var new = StoreFixtures.newJob(name: "later")
            new.beginTime = 1_700_000_600
            new.comment = "sweep 3 of 5"
            let job = try await store.submit([new, StoreFixtures.newJob(name: "plain")])
            #expect(job[0].beginTime == 1_700_000_600 && job[0].comment == "sweep 3 of 5")
            #expect(try store.loadActiveJobs() == job)
            #expect(try store.loadActiveJobs()[1].beginTime == nil)
            _ = try await store.cancel([job[0].id], by: "alice", time: 1_700_000_010)
            #expect(try store.usage(JobFilter(ids: [job[0].id])).first?.comment == "sweep 3 of 5")
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func executorOptionsAreKeptForEveryDispatch(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            var new = StoreFixtures.newJob(name: "aer")
            new.executorOptions = ["method": "stabilizer", "seed": "7"]
            let jobs = try await store.submit([new, StoreFixtures.newJob(name: "plain")])
            #expect(jobs[0].executorOptions == ["method": "stabilizer", "seed": "7"])
            #expect(try store.loadActiveJobs() == jobs)
            #expect(try store.loadActiveJobs()[1].executorOptions == [:])
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func aBadJobFailsItsWholeBatchAndNothingElse(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            let good = try await store.submit([StoreFixtures.newJob(name: "good")])
            let error = await #expect(throws: StoreError.self) {
                try await store.submit([
                    StoreFixtures.newJob(name: "fine"), StoreFixtures.newJob(name: "bad", shots: 0),
                ])
            }
            #expect(error?.code == .constraint)
            #expect(error?.operation == "submit")
            #expect(try store.loadActiveJobs().map(\.name) == ["good"])
            let later = try await store.submit([StoreFixtures.newJob(name: "later")])
            #expect(later[0].id > good[0].id)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func idsAreNeverReusedAfterDeletes(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            let first = try await store.submit((0..<3).map { StoreFixtures.newJob(name: "j\($0)") })
            #expect(try await store.cancel(first.map(\.id), by: "root", time: 5) == first.map(\.id))
            #expect(try await store.deleteFinishedJobs(endedBefore: 6) == 3)
            #expect(try store.job(first[2].id) == nil)
            #expect(try store.events(of: first[2].id).isEmpty)
            let next = try await store.submit([StoreFixtures.newJob()])
            #expect(next[0].id == first[2].id + 1)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func scriptsOfAnUnknownJobIsNotFound(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            let error = #expect(throws: StoreError.self) { try store.scripts(of: 42) }
            #expect(error?.code == .notFound)
            #expect(try store.job(42) == nil)
            #expect(try store.result(of: 42) == nil)
        }
    }

    @Test func everythingSurvivesCloseAndReopen() async throws {
        let directory = try TemporaryDirectory()
        var store = try JobStore.open(directory: directory.path)
        let jobs = try await store.submit((0..<5).map { StoreFixtures.newJob(name: "j\($0)") })
        try await store.ensureUser("alice", uid: 1000)
        try await store.setBalance("alice", qpuSeconds: 50)
        try await store.upsertQPU(QPU(name: "sim0", executor: "sim", qubits: 20), time: 1)
        try await store.setTokenHash("sha256:abc", ofQPU: "sim0")
        try await store.markDispatched(jobs[0].id, qpu: "sim0", dispatchID: 1, time: 2)
        try await store.recordResult(
            jobs[0].id, dispatchID: 1, from: "sim0", state: .completed,
            results: StoreFixtures.bellResult(),
            qpuSeconds: 1.5, chargeUser: "alice", time: 3)
        try await store.setHeld(jobs[1].id, true, time: 4)
        let beforeClose = try store.jobs(matching: JobFilter())
        try await store.close()

        let closedError = #expect(throws: StoreError.self) { try store.loadActiveJobs() }
        #expect(closedError?.code == .closed)
        let closedWrite = await #expect(throws: StoreError.self) { try await store.submit([StoreFixtures.newJob()]) }
        #expect(closedWrite?.code == .closed)
        try await store.close()

        store = try JobStore.open(directory: directory.path)
        #expect(try store.jobs(matching: JobFilter()) == beforeClose)
        #expect(try store.loadActiveJobs().map(\.id) == jobs.dropFirst().map(\.id))
        #expect(try store.result(of: jobs[0].id)?.results == StoreFixtures.bellResult())
        #expect(try store.balance(of: "alice") == 48.5)
        #expect(try store.qpu(named: "sim0")?.tokenHash == "sha256:abc")
        let next = try await store.submit([StoreFixtures.newJob()])
        #expect(next[0].id == jobs[4].id + 1)
        try await store.close()
    }

    /// What `kill -9` leaves behind is the files as they are on disk at that moment: a
    /// copy of them, taken while the store is still open, must hold every acknowledged job.
    @Test func acknowledgedSubmissionsAreOnDiskBeforeClose() async throws {
        let directory = try TemporaryDirectory()
        let store = try JobStore.open(directory: directory.path)
        let jobs = try await store.submit((0..<300).map { StoreFixtures.newJob(name: "j\($0)") })
        try await store.markDispatched(jobs[0].id, qpu: "sim0", dispatchID: 1, time: 5)

        let crashed = directory.file("crashed")
        try FileManager.default.createDirectory(atPath: crashed, withIntermediateDirectories: false)
        for suffix in ["", "-wal"] {
            try FileManager.default.copyItem(atPath: store.path + suffix, toPath: crashed + "/qpi.db" + suffix)
        }
        try await store.close()

        let recovered = try JobStore.open(directory: crashed)
        let active = try recovered.loadActiveJobs()
        #expect(active.map(\.id) == jobs.map(\.id))
        #expect(active[0].state == .running)
        try await recovered.close()
    }

    @Test(arguments: StoreEngineKind.allCases) func filtersSelectFinishedJobsByIdUserAndState(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            let jobs = try await store.submit([
                StoreFixtures.newJob(user: "alice"), StoreFixtures.newJob(user: "bob"),
                StoreFixtures.newJob(user: "alice"), StoreFixtures.newJob(user: "carol"),
            ])
            let ids = jobs.map(\.id)
            try await store.cancel([ids[0], ids[1]], by: "root", time: 10)
            try await store.fail(ids[2], message: "no QPU has 2 qubits", time: 11)

            let finished = try store.jobs(matching: .finished())
            #expect(finished.map(\.id) == [ids[2], ids[1], ids[0]])
            #expect(try store.jobs(matching: .finished(users: ["alice"])).map(\.id) == [ids[2], ids[0]])
            #expect(try store.jobs(matching: JobFilter(states: [.failed])).map(\.message) == ["no QPU has 2 qubits"])
            #expect(try store.jobs(matching: JobFilter(ids: [ids[3], ids[1]])).map(\.id) == [ids[1], ids[3]])
            #expect(try store.jobs(matching: JobFilter(ids: [])).isEmpty)
            #expect(try store.jobs(matching: JobFilter(limit: 2, order: .idDescending)).map(\.id) == [ids[3], ids[2]])
            #expect(
                try store.jobs(matching: JobFilter(users: ["bob", "carol"], states: [.cancelled])).map(\.id) == [ids[1]]
            )
        }
    }
}
