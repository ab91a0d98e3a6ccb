import QPICore
import QPIStore
import Testing

struct AccountingTests {
    /// Alice's two jobs and Bob's one: Alice's first completes at 20 using 3 s, Bob's
    /// completes at 40 using 5 s, Alice's second stays pending.
    private func history(_ store: JobStore) async throws -> [Job] {
        let jobs = try await store.submit([
            StoreFixtures.newJob(name: "a1"), StoreFixtures.newJob(name: "b1", user: "bob", uid: 1001),
            StoreFixtures.newJob(name: "a2"),
        ])
        for (job, (end, seconds)) in zip(jobs.prefix(2), [(20.0, 3.0), (40.0, 5.0)]) {
            try await store.markDispatched(job.id, qpu: "sim0", dispatchID: 1, time: end - 10)
            try await store.recordResult(
                job.id, dispatchID: 1, from: "sim0", state: .completed, results: StoreFixtures.bellResult(),
                qpuSeconds: seconds,
                chargeUser: job.user, time: end)
        }
        return jobs
    }

    @Test(arguments: StoreEngineKind.allCases) func usageSelectsByUserJobAndTime(_ engine: StoreEngineKind) async throws
    {
        try await withStore(engine) { store throws in
            let jobs = try await self.history(store)
            #expect(try store.usage().map(\.name) == ["a1", "b1", "a2"])
            #expect(try store.usage(JobFilter(users: ["alice"])).map(\.name) == ["a1", "a2"])
            #expect(try store.usage(JobFilter(ids: [jobs[1].id])).map(\.name) == ["b1"])
            // Since 30: a1 ended before, b1 after, a2 has not ended.
            #expect(try store.usage(JobFilter(activeSince: 30)).map(\.name) == ["b1", "a2"])
            #expect(try store.usage(JobFilter(users: ["bob"], activeSince: 41)).isEmpty)
            #expect(try store.usage(JobFilter(users: [])).isEmpty)
            let a1 = try #require(try store.usage(JobFilter(ids: [jobs[0].id])).first)
            #expect(a1.qpuSeconds == 3 && a1.startTime == 10 && a1.endTime == 20 && a1.state == .completed)

            #expect(
                try store.usageTotals() == [
                    UserUsage(user: "alice", jobs: 2, qpuSeconds: 3), UserUsage(user: "bob", jobs: 1, qpuSeconds: 5),
                ])
            #expect(
                try store.usageTotals(JobFilter(activeSince: 30)) == [
                    UserUsage(user: "alice", jobs: 1, qpuSeconds: 0), UserUsage(user: "bob", jobs: 1, qpuSeconds: 5),
                ])
        }
    }

    /// `qacct -q -n -s -E` and `qstat -q -n`: the store's query and the controller's
    /// in-memory test agree on every job.
    @Test(arguments: StoreEngineKind.allCases) func qpuNameStateAndWindowFiltersAgreeWithMatches(
        _ engine: StoreEngineKind
    ) async throws {
        try await withStore(engine) { store throws in
            var later = StoreFixtures.newJob(name: "a3", requestedQPU: "sim1", submitTime: 1_700_000_100)
            later.comment = "asked for sim1"
            let jobs = try await self.history(store) + store.submit([later])
            let filters = [
                JobFilter(qpus: ["sim0"]), JobFilter(qpus: ["sim1"]), JobFilter(names: ["a2", "b1"]),
                JobFilter(states: [.pending], qpus: ["sim1"]), JobFilter(submittedBy: 1_700_000_000),
                JobFilter(users: ["alice"], activeSince: 30, submittedBy: 1_700_000_050), JobFilter(names: []),
            ]
            let expected: [[String]] = [["a1", "b1"], ["a3"], ["b1", "a2"], ["a3"], ["a1", "b1", "a2"], ["a2"], []]
            for (filter, names) in zip(filters, expected) {
                #expect(try store.usage(filter).map(\.name) == names, "\(filter)")
                #expect(try store.jobs(matching: filter).map(\.name) == names, "\(filter)")
                let stored = try store.jobs(matching: JobFilter())
                #expect(stored.filter(filter.matches).map(\.name) == names, "\(filter)")
            }
            #expect(jobs.count == 4)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func setBalanceCreatesTheAccountAndAddSecondsIsAtomic(
        _ engine: StoreEngineKind
    ) async throws {
        try await withStore(engine) { store throws in
            let created = try await store.setBalance("carol", uid: 1002, qpuSeconds: 10)
            #expect(created == UserAccount(name: "carol", uid: 1002, qpuSecondsBalance: 10))
            // An existing account keeps its uid.
            #expect(try await store.setBalance("carol", uid: 9, qpuSeconds: 20).uid == 1002)

            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<50 { group.addTask { try await store.addSeconds(2, to: "carol") } }
                try await group.waitForAll()
            }
            #expect(try store.balance(of: "carol") == 120)
            #expect(try await store.addSeconds(-130, to: "carol").qpuSecondsBalance == -10)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func addSecondsRefusesUnknownUnlimitedAndNonFiniteInput(
        _ engine: StoreEngineKind
    ) async throws {
        try await withStore(engine) { store throws in
            let missing = await #expect(throws: StoreError.self) { try await store.addSeconds(5, to: "mallory") }
            #expect(missing?.code == .notFound)
            try await store.ensureUser("alice", uid: 1000)
            let unlimited = await #expect(throws: StoreError.self) { try await store.addSeconds(5, to: "alice") }
            #expect(unlimited?.code == .conflict)
            #expect(unlimited?.message.contains("qctl user set alice qpu_seconds=N") == true)
            #expect(try store.balance(of: "alice") == nil)
            let infinite = await #expect(throws: StoreError.self) { try await store.addSeconds(.infinity, to: "alice") }
            #expect(infinite?.code == .invalidArgument)
            let nan = await #expect(throws: StoreError.self) {
                try await store.setBalance("alice", uid: 1000, qpuSeconds: .nan)
            }
            #expect(nan?.code == .invalidArgument)
        }
    }

    /// The end state and the charge commit together: a balance charged for a job that is
    /// not finished, or a finished job not charged, would show as a mismatch.
    @Test(arguments: StoreEngineKind.allCases) func chargesMatchFinishedJobsAfterInterleavedResultsAndAdditions(
        _ engine: StoreEngineKind
    ) async throws {
        try await withStore(engine) { store throws in
            try await store.setBalance("alice", uid: 1000, qpuSeconds: 1_000)
            let jobs = try await store.submit((0..<40).map { StoreFixtures.newJob(name: "j\($0)") })
            for job in jobs { try await store.markDispatched(job.id, qpu: "sim0", dispatchID: 1, time: 1) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, job) in jobs.enumerated() {
                    group.addTask {
                        // Each result arrives twice, as after a controller restart.
                        for _ in 0..<2 {
                            try await store.recordResult(
                                job.id, dispatchID: 1, from: "sim0", state: .completed, results: nil, qpuSeconds: 0.25,
                                chargeUser: "alice", time: 2)
                        }
                        if index % 4 == 0 { try await store.addSeconds(1, to: "alice") }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try store.balance(of: "alice") == 1_000 - 40 * 0.25 + 10)
            #expect(try store.usageTotals(JobFilter(users: ["alice"])).first?.qpuSeconds == 10)
        }
    }
}
