import QPICore
import QPIStore
import Testing

struct TransitionTests {
    /// A store with one user (balance `balance`) and `count` pending jobs of theirs.
    private func prepared(
        _ store: JobStore,
        count: Int = 1,
        balance: Double? = 100
    ) async throws -> [Job] {
        try await store.ensureUser("alice", uid: 1000)
        try await store.setBalance("alice", qpuSeconds: balance)
        return try await store.submit((0..<count).map { StoreFixtures.newJob(name: "j\($0)") })
    }

    /// `qctl job update`: only a pending job changes, only the fields given, an empty
    /// comment removing it.
    @Test(arguments: StoreEngineKind.allCases) func updateChangesOnlyWhatItNamesOfAPendingJob(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            let jobs = try await self.prepared(store, count: 2)
            let update = JobUpdate(timeLimitSeconds: 300, qpu: "sim1", shots: 5, comment: "note", beginTime: 50)
            #expect(try await store.update(jobs[0].id, update, by: "alice", time: 10))
            var job = try #require(try store.job(jobs[0].id))
            #expect(job.timeLimitSeconds == 300 && job.requestedQPU == "sim1" && job.shots == 5 && job.name == "j0")
            #expect(job.comment == "note" && job.beginTime == 50 && job.priority == 0)
            #expect(try await store.update(jobs[0].id, JobUpdate(priority: 3, comment: ""), by: "root", time: 11))
            job = try #require(try store.job(jobs[0].id))
            #expect(job.comment == nil && job.priority == 3 && job.shots == 5)
            let events = try store.events(of: jobs[0].id)
            #expect(
                events.map(\.detail).suffix(2) == [
                    "by alice: TimeLimit=5:00 QPU=sim1 Shots=5 Comment=note Begin=50", "by root: Priority=3 Comment=",
                ])

            #expect(try await store.markDispatched(jobs[1].id, qpu: "sim0", dispatchID: 7, time: 12))
            #expect(try await !store.update(jobs[1].id, JobUpdate(name: "late"), by: "alice", time: 13))
            #expect(try store.job(jobs[1].id)?.name == "j1")
        }
    }

    /// `qctl job requeue`: running or ended jobs go back to PENDING; a run's charge stays
    /// and the next run adds its own; a late result of the earlier run changes nothing.
    @Test(arguments: StoreEngineKind.allCases) func resubmitKeepsTheChargeAndDropsTheOldResult(
        _ engine: StoreEngineKind
    ) async throws {
        try await withStore(engine) { store throws in
            let jobs = try await self.prepared(store, count: 2)
            let id = jobs[0].id
            #expect(try await !store.resubmit(id, by: "alice", time: 1))
            #expect(try await store.markDispatched(id, qpu: "sim0", dispatchID: 7, time: 10))
            #expect(
                try await store.recordResult(
                    id, dispatchID: 7, from: "sim0", state: .completed, results: StoreFixtures.bellResult(),
                    qpuSeconds: 3, chargeUser: "alice", time: 20))
            #expect(try await store.resubmit(id, by: "alice", time: 30))
            var job = try #require(try store.job(id))
            #expect(job.state == .pending && job.requeueCount == 1 && job.qpuSeconds == 3 && job.endTime == nil)
            #expect(try store.result(of: id) == nil)
            #expect(try store.balance(of: "alice") == 97)

            #expect(try await store.markDispatched(id, qpu: "sim1", dispatchID: 8, time: 40))
            #expect(try await store.resubmit(id, by: "root", time: 41))
            #expect(
                try await !store.recordResult(
                    id, dispatchID: 8, from: "sim1", state: .completed, results: nil, qpuSeconds: 1,
                    chargeUser: "alice", time: 42))
            #expect(try await store.markDispatched(id, qpu: "sim0", dispatchID: 9, time: 50))
            #expect(
                try await store.recordResult(
                    id, dispatchID: 9, from: "sim0", state: .completed, results: StoreFixtures.bellResult(),
                    qpuSeconds: 2, chargeUser: "alice", time: 60))
            job = try #require(try store.job(id))
            #expect(job.state == .completed && job.qpuSeconds == 5 && job.requeueCount == 2)
            #expect(try store.result(of: id)?.dispatchID == 9)
            #expect(try store.balance(of: "alice") == 95)
            #expect(
                try store.events(of: id).map(\.kind) == [
                    .submitted, .dispatched, .completed, .requeued, .dispatched, .requeued, .dispatched, .completed,
                ])
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func dispatchAppliesOnceAndOnlyToPendingUnheldJobs(
        _ engine: StoreEngineKind
    ) async throws {
        try await withStore(engine) { store throws in
            let jobs = try await self.prepared(store, count: 2)
            #expect(try await store.markDispatched(jobs[0].id, qpu: "sim0", dispatchID: 7, time: 10))
            #expect(try await !store.markDispatched(jobs[0].id, qpu: "sim1", dispatchID: 8, time: 11))
            let running = try #require(try store.job(jobs[0].id))
            #expect(running.state == .running && running.qpu == "sim0" && running.dispatchID == 7)
            #expect(running.startTime == 10)

            #expect(try await store.setHeld(jobs[1].id, true, time: 12))
            #expect(try await !store.setHeld(jobs[1].id, true, time: 13))
            #expect(try await !store.markDispatched(jobs[1].id, qpu: "sim0", dispatchID: 9, time: 14))
            #expect(try await store.setHeld(jobs[1].id, false, time: 15))
            #expect(try store.job(jobs[1].id)?.reason == nil)
            #expect(try await store.markDispatched(jobs[1].id, qpu: "sim0", dispatchID: 9, time: 16))
            #expect(try await !store.setHeld(jobs[1].id, true, time: 17))

            let events = try store.events(of: jobs[1].id)
            #expect(events.map(\.kind) == [.submitted, .held, .released, .dispatched])
            #expect(events.last?.qpu == "sim0" && events.last?.detail == "dispatch 9")

            let error = await #expect(throws: StoreError.self) {
                try await store.markDispatched(999, qpu: "sim0", dispatchID: 1, time: 1)
            }
            #expect(error?.code == .notFound)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func aResultAppliesOnlyForTheCurrentDispatchAndChargesOnce(
        _ engine: StoreEngineKind
    ) async throws {
        try await withStore(engine) { store throws in
            let job = try await self.prepared(store)[0]
            try await store.markDispatched(job.id, qpu: "sim0", dispatchID: 5, time: 10)

            let stale = try await store.recordResult(
                job.id, dispatchID: 4, from: "sim0", state: .completed, results: StoreFixtures.bellResult(),
                qpuSeconds: 3, chargeUser: "alice", time: 20)
            #expect(!stale)
            #expect(try store.job(job.id)?.state == .running)
            // The right dispatch, reported by another QPU's node: a forgery.
            let forged = try await store.recordResult(
                job.id, dispatchID: 5, from: "sim1", state: .completed, results: StoreFixtures.bellResult(),
                qpuSeconds: 1_000, chargeUser: "alice", time: 20)
            #expect(!forged)
            #expect(try store.job(job.id)?.state == .running)

            for attempt in 0..<3 {
                let applied = try await store.recordResult(
                    job.id, dispatchID: 5, from: "sim0", state: .completed, results: StoreFixtures.bellResult(),
                    qpuSeconds: 3, chargeUser: "alice", calibrationID: "cal-1", time: 20 + Double(attempt))
                #expect(applied == (attempt == 0))
            }
            #expect(try store.balance(of: "alice") == 97)
            let finished = try #require(try store.job(job.id))
            #expect(finished.state == .completed && finished.endTime == 20 && finished.qpuSeconds == 3)
            let result = try #require(try store.result(of: job.id))
            #expect(result.dispatchID == 5 && result.results == StoreFixtures.bellResult())
            #expect(result.receivedAt == 20 && result.calibrationID == "cal-1")
            #expect(try store.events(of: job.id).map(\.kind) == [.submitted, .dispatched, .completed])
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func anUnlimitedBalanceStaysUnlimitedAndAFailureStoresNoResult(
        _ engine: StoreEngineKind
    ) async throws {
        try await withStore(engine) { store throws in
            let job = try await self.prepared(store, balance: nil)[0]
            try await store.markDispatched(job.id, qpu: "sim0", dispatchID: 1, time: 1)
            #expect(
                try await store.recordResult(
                    job.id, dispatchID: 1, from: "sim0", state: .failed, results: nil, message: "executor crashed",
                    qpuSeconds: 0.5, chargeUser: "alice", time: 2))
            #expect(try store.balance(of: "alice") == nil)
            #expect(try store.result(of: job.id) == nil)
            let failed = try #require(try store.job(job.id))
            #expect(failed.state == .failed && failed.message == "executor crashed")
            #expect(try store.events(of: job.id).last?.detail == "executor crashed")
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func requeueGoesBackToPendingThenToNodeFailPastTheMaximum(
        _ engine: StoreEngineKind
    ) async throws {
        try await withStore(engine) { store throws in
            let job = try await self.prepared(store)[0]
            for dispatchID in Int64(1)...2 {
                try await store.markDispatched(job.id, qpu: "sim0", dispatchID: dispatchID, time: 1)
                #expect(
                    try await store.requeue(
                        job.id, dispatchID: dispatchID + 10, reason: "stale", maxRequeue: 2, time: 2) == nil)
                #expect(
                    try await store.requeue(job.id, dispatchID: dispatchID, reason: "node lost", maxRequeue: 2, time: 2)
                        == .pending)
                #expect(
                    try await store.requeue(job.id, dispatchID: dispatchID, reason: "node lost", maxRequeue: 2, time: 2)
                        == nil)
                let requeued = try #require(try store.job(job.id))
                #expect(requeued.requeueCount == Int(dispatchID))
                #expect(requeued.qpu == nil && requeued.startTime == nil)
                // The lost dispatch stays recorded, so the next one gets a new number.
                #expect(requeued.state == .pending && requeued.dispatchID == dispatchID)
            }
            try await store.markDispatched(job.id, qpu: "sim0", dispatchID: 3, time: 3)
            #expect(
                try await store.requeue(job.id, dispatchID: 3, reason: "node lost", maxRequeue: 2, time: 4) == .nodeFail
            )
            let failed = try #require(try store.job(job.id))
            #expect(failed.state == .nodeFail && failed.requeueCount == 2 && failed.message == "node lost")
            #expect(failed.endTime == 4)

            // A result from an old dispatch arriving late changes nothing.
            #expect(
                try await !store.recordResult(
                    job.id, dispatchID: 1, from: "sim0", state: .completed, results: StoreFixtures.bellResult(),
                    qpuSeconds: 1, chargeUser: "alice", time: 5))
            #expect(try store.balance(of: "alice") == 100)
            #expect(
                try store.events(of: job.id).map(\.kind)
                    == [.submitted, .dispatched, .requeued, .dispatched, .requeued, .dispatched, .nodeFailed])
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func requeueCanEndInTimeout(_ engine: StoreEngineKind) async throws {
        try await withStore(engine) { store throws in
            let job = try await self.prepared(store)[0]
            try await store.markDispatched(job.id, qpu: "sim0", dispatchID: 1, time: 1)
            let state = try await store.requeue(
                job.id, dispatchID: 1, reason: "ran past JobTimeout", maxRequeue: 0, exhaustedState: .timeout, time: 30)
            #expect(state == .timeout)
            #expect(try store.events(of: job.id).last?.kind == .timedOut)

            let error = await #expect(throws: StoreError.self) {
                try await store.requeue(
                    job.id, dispatchID: 1, reason: "x", maxRequeue: 0, exhaustedState: .completed, time: 1)
            }
            #expect(error?.code == .invalidArgument)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func cancelTouchesOnlyPendingAndRunningJobs(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            let jobs = try await self.prepared(store, count: 3)
            let ids = jobs.map(\.id)
            try await store.markDispatched(ids[1], qpu: "sim0", dispatchID: 1, time: 1)
            try await store.markDispatched(ids[2], qpu: "sim0", dispatchID: 2, time: 1)
            try await store.recordResult(
                ids[2], dispatchID: 2, from: "sim0", state: .completed, results: StoreFixtures.bellResult(),
                qpuSeconds: 1, chargeUser: "alice", time: 2)
            let eventsOfFinished = try store.events(of: ids[2])

            #expect(try await store.cancel(ids + [999], by: "alice", time: 5) == [ids[0], ids[1]])
            #expect(try await store.cancel(ids, by: "alice", time: 6).isEmpty)
            #expect(try store.job(ids[0])?.state == .cancelled)
            #expect(try store.job(ids[1])?.message == "cancelled by alice")
            #expect(try store.job(ids[2])?.state == .completed)
            #expect(try store.events(of: ids[2]) == eventsOfFinished)
            let cancelEvent = try store.events(of: ids[1]).last
            #expect(cancelEvent?.kind == .cancelled && cancelEvent?.qpu == "sim0" && cancelEvent?.detail == "alice")
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func failEndsOnlyPendingJobs(_ engine: StoreEngineKind) async throws {
        try await withStore(engine) { store throws in
            let jobs = try await self.prepared(store, count: 2)
            #expect(try await store.fail(jobs[0].id, message: "QPU 'x' does not exist", time: 3))
            #expect(try await !store.fail(jobs[0].id, message: "again", time: 4))
            try await store.markDispatched(jobs[1].id, qpu: "sim0", dispatchID: 1, time: 1)
            #expect(try await !store.fail(jobs[1].id, message: "running", time: 4))
            let failed = try #require(try store.job(jobs[0].id))
            #expect(failed.state == .failed && failed.message == "QPU 'x' does not exist" && failed.endTime == 3)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func aBatchAppliesInOrderAndReportsEachOutcome(_ engine: StoreEngineKind)
        async throws
    {
        try await withStore(engine) { store throws in
            let jobs = try await self.prepared(store, count: 500)
            let dispatches = jobs.enumerated().map { index, job in
                JobTransition.dispatch(job.id, qpu: "sim0", dispatchID: Int64(index + 1), time: 1)
            }
            #expect(try await store.applyBatch(dispatches) == Array(repeating: .applied(.running), count: 500))

            let run = FinishedRun(
                state: .completed, results: StoreFixtures.bellResult(), qpuSeconds: 0.1, chargeUser: "alice",
                qpu: "sim0")
            var results = jobs.enumerated().map { index, job in
                JobTransition.finish(job.id, dispatchID: Int64(index + 1), run: run, time: 2)
            }
            results.append(results[0])
            results.append(.cancel(12_345, by: "root", time: 2))
            let outcomes = try await store.applyBatch(results)
            #expect(outcomes.prefix(500).allSatisfy { $0 == .applied(.completed) })
            #expect(outcomes.suffix(2) == [.unchanged(.completed), .notFound])
            #expect(abs(try #require(try store.balance(of: "alice")) - 50) < 1e-9)
            #expect(try store.loadActiveJobs().isEmpty)
        }
    }

    @Test(arguments: StoreEngineKind.allCases) func anInvalidTransitionRejectsTheWholeBatchBeforeWriting(
        _ engine: StoreEngineKind
    ) async throws {
        try await withStore(engine) { store throws in
            let jobs = try await self.prepared(store, count: 2)
            let badRun = FinishedRun(state: .pending, results: nil, qpuSeconds: 1, chargeUser: "alice", qpu: "sim0")
            let error = await #expect(throws: StoreError.self) {
                try await store.applyBatch([
                    .cancel(jobs[0].id, by: "root", time: 1),
                    .finish(jobs[1].id, dispatchID: 1, run: badRun, time: 1),
                ])
            }
            #expect(error?.code == .invalidArgument)
            #expect(try store.job(jobs[0].id)?.state == .pending)

            let negative = FinishedRun(
                state: .completed, results: nil, qpuSeconds: -1, chargeUser: "alice", qpu: "sim0")
            let negativeError = await #expect(throws: StoreError.self) {
                try await store.applyBatch([.finish(jobs[1].id, dispatchID: 1, run: negative, time: 1)])
            }
            #expect(negativeError?.code == .invalidArgument)
        }
    }
}
