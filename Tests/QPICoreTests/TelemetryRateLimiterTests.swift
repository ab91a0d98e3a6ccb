import QPICore
import Testing

struct TelemetryRateLimiterTests {
    @Test func forwardsUpToTheLimitPerSecondAndCountsTheRest() {
        var limiter = TelemetryRateLimiter(perSecond: 3)
        let first = (0..<5).map { limiter.admit(at: 10 + Double($0) * 0.01) }
        #expect(first.map(\.forward) == [true, true, true, false, false])
        #expect(first.map(\.firstDropInWindow) == [false, false, false, true, false])
        #expect(limiter.droppedTotal == 2)

        // The next window forwards again, reports the last window's drops, and the first
        // forwarded event carries how many were dropped before it.
        let next = limiter.admit(at: 11.5)
        #expect(next.forward)
        #expect(next.droppedInLastWindow == 2)
        #expect(next.droppedBefore == 2)
        #expect(limiter.admit(at: 11.6).droppedBefore == 0)
    }

    @Test func theReferenceLimitIsAHundredASecond() {
        var limiter = TelemetryRateLimiter()
        let forwarded = (0..<1_000).filter { limiter.admit(at: Double($0) / 1_000 * 0.5).forward }
        #expect(forwarded.count == 100)
        #expect(limiter.droppedTotal == 900)
    }
}
