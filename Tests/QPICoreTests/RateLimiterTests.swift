import QPICore
import Testing

struct RateLimiterTests {
    @Test func allowsTheBurstThenTheRate() {
        var limiter = RateLimiter(ratePerSecond: 100)
        let burst = (0..<150).filter { _ in limiter.allow(now: 10) }.count
        #expect(burst == 100)
        #expect(limiter.refused == 50)
        // Over the next second, 100 more at most, however many are offered.
        var allowed = 0
        for step in 1...1_000 where limiter.allow(now: 10 + Double(step) / 1_000) { allowed += 1 }
        #expect((99...100).contains(allowed), "\(allowed)")  // float steps may lose the last one
    }

    @Test func aClockGoingBackwardsGrantsNothingExtra() {
        var limiter = RateLimiter(ratePerSecond: 2, burst: 2)
        let answers = [100, 100, 50, 100.4, 100.6].map { limiter.allow(now: $0) }
        #expect(answers == [true, true, false, false, true])
    }
}
