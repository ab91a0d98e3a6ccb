import QPICore
import Testing

struct LostRunTests {
    static func check(start: Double? = 100, limit: Int = 60, lastSeen: Double, now: Double) -> LostRun? {
        LostRun.check(
            qpu: "q0", startTime: start, timeLimitSeconds: limit, nodeLastSeen: lastSeen, now: now, nodeTimeout: 30,
            jobTimeout: 20)
    }

    @Test func aJobOnALiveNodeWithinItsLimitAndGraceIsLeftAlone() {
        #expect(Self.check(lastSeen: 170, now: 180) == nil)
        // Exactly at the limit plus JobTimeout is not yet past it.
        #expect(Self.check(lastSeen: 179, now: 180) == nil)
        #expect(Self.check(start: nil, lastSeen: 10_000, now: 10_001) == nil)
    }

    @Test func aSilentNodeLosesItsJobsToNodeFail() throws {
        let verdict = try #require(Self.check(lastSeen: 100, now: 131))
        #expect(verdict == .nodeSilent(qpu: "q0", silentSeconds: 31, nodeTimeout: 30))
        #expect(verdict.exhaustedState == .nodeFail)
        #expect(verdict.reason == "node q0 silent for 31s (NodeTimeout 30s)")
        // Silence wins over an overrun: the node, not the job, is the problem.
        #expect(Self.check(lastSeen: 100, now: 500)?.exhaustedState == .nodeFail)
    }

    @Test func aJobPastItsLimitPlusJobTimeoutIsTakenBackToTimeout() throws {
        let verdict = try #require(Self.check(lastSeen: 180, now: 181))
        #expect(verdict == .overran(qpu: "q0", runningSeconds: 81, timeLimitSeconds: 60, jobTimeout: 20))
        #expect(verdict.exhaustedState == .timeout)
        #expect(
            verdict.reason == "RUNNING 81s with no result from node q0: past its time limit 1:00 plus JobTimeout 20s")
    }
}
