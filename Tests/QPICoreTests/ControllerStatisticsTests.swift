import QPICore
import Testing

struct DurationSummaryTests {
    @Test func anEmptySummaryHasNoMeanLastOrMax() {
        let summary = DurationSummary()
        #expect(summary.count == 0)
        #expect(summary.meanSeconds == nil)
        #expect(summary.lastSeconds == nil)
        #expect(summary.maxSeconds == nil)
    }

    @Test func recordsCountTotalLastAndMax() {
        var summary = DurationSummary()
        for seconds in [0.5, 2.0, 0.25] { summary.record(seconds) }
        #expect(summary.count == 3)
        #expect(summary.totalSeconds == 2.75)
        #expect(summary.lastSeconds == 0.25)
        #expect(summary.maxSeconds == 2.0)
        #expect(summary.meanSeconds == 2.75 / 3)
    }

    @Test func aClockStepBackCountsAsZeroAndNaNIsIgnored() {
        var summary = DurationSummary()
        summary.record(-3)
        summary.record(.nan)
        #expect(summary.count == 1)
        #expect(summary.totalSeconds == 0)
        #expect(summary.maxSeconds == 0)
    }
}

struct ControllerStatisticsTests {
    @Test func jobEndsAreCountedByStateAndChargedByUser() {
        var statistics = ControllerStatistics(startTime: 1_000)
        statistics.jobEnded(.completed, user: "alice", qpuSeconds: 1.5)
        statistics.jobEnded(.completed, user: "alice", qpuSeconds: 2)
        statistics.jobEnded(.failed, user: "bob", qpuSeconds: 0.5)
        statistics.jobEnded(.cancelled, user: "bob", qpuSeconds: 0)
        statistics.jobEnded(.timeout, user: "carol", qpuSeconds: 0)
        statistics.jobEnded(.nodeFail, user: "carol", qpuSeconds: 0)
        statistics.jobEnded(.running, user: "carol", qpuSeconds: 0)
        #expect(statistics.jobs.completed == 2)
        #expect(statistics.jobs.failed == 1)
        #expect(statistics.jobs.cancelled == 1)
        #expect(statistics.jobs.timedOut == 1)
        #expect(statistics.jobs.nodeFailed == 1)
        #expect(statistics.userQPUSeconds == ["alice": 3.5, "bob": 0.5])
    }

    @Test func busyTimeAddsRunsThatLeftAndRunsInProgress() {
        var statistics = ControllerStatistics(startTime: 1_000)
        statistics.runLeft(qpu: "q1", start: 1_010, end: 1_030)
        statistics.runLeft(qpu: "q1", start: 1_040, end: 1_045)
        #expect(statistics.qpuBusySeconds["q1"] == 25)
        #expect(statistics.busySeconds(of: "q1", runningSince: [1_090], now: 1_100) == 35)
        #expect(statistics.busySeconds(of: "q2", runningSince: [], now: 1_100) == 0)
    }

    @Test func timeBeforeTheControllerStartedIsNotCounted() {
        var statistics = ControllerStatistics(startTime: 1_000)
        // A job that was running when the controller restarted, reconciled with its node.
        statistics.runLeft(qpu: "q1", start: 900, end: 1_010)
        #expect(statistics.qpuBusySeconds["q1"] == 10)
        #expect(statistics.busySeconds(of: "q2", runningSince: [500], now: 1_004) == 4)
        // Nor a run whose end the wall clock put before its start.
        statistics.runLeft(qpu: "q3", start: 1_050, end: 1_040)
        #expect(statistics.qpuBusySeconds["q3"] == 0)
    }

    @Test func utilisationIsBusyOverUptimeWithinZeroAndOne() {
        let statistics = ControllerStatistics(startTime: 1_000)
        #expect(statistics.utilisation(busySeconds: 25, now: 1_100) == 0.25)
        #expect(statistics.utilisation(busySeconds: 500, now: 1_100) == 1)
        #expect(statistics.utilisation(busySeconds: 5, now: 1_000) == 0)
        #expect(statistics.utilisation(busySeconds: 5, now: 900) == 0)
    }
}

struct RequestCountsTests {
    @Test func countsByTypeAndByUserWithTheirTime() {
        var counts = RequestCounts()
        counts.record(type: "submit", user: "alice", seconds: 0.25)
        counts.record(type: "submit", user: "bob", seconds: 0.5)
        counts.record(type: "ping", user: "alice", seconds: -1)
        #expect(counts.total == 3)
        #expect(counts.byType["submit"]?.count == 2)
        #expect(counts.byType["submit"]?.totalSeconds == 0.75)
        #expect(counts.byType["submit"]?.meanSeconds == 0.375)
        #expect(counts.byType["ping"]?.totalSeconds == 0)
        #expect(counts.byUser["alice"]?.count == 2)
        #expect(counts.byUser["bob"]?.count == 1)
    }
}
