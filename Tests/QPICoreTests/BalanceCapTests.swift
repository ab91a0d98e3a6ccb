import QPICore
import Testing

struct BalanceCapTests {
    @Test func anUnlimitedOrAmpleBalanceKeepsTheJobsLimit() {
        #expect(BalanceCap.timeLimit(requested: 600, balance: nil, committed: 10_000) == 600)
        #expect(BalanceCap.timeLimit(requested: 600, balance: 600, committed: 0) == 600)
        #expect(BalanceCap.timeLimit(requested: 600, balance: 1e12, committed: 0) == 600)
    }

    @Test func theLimitIsCutToWhatTheBalanceCoversAfterRunningJobs() {
        #expect(BalanceCap.timeLimit(requested: 600, balance: 100, committed: 0) == 100)
        #expect(BalanceCap.timeLimit(requested: 600, balance: 100, committed: 40) == 60)
        // Rounded up: a fraction of a second still runs, for at most under a second of debt.
        #expect(BalanceCap.timeLimit(requested: 600, balance: 100.2, committed: 0) == 101)
        #expect(BalanceCap.timeLimit(requested: 600, balance: 0.3, committed: 0) == 1)
    }

    @Test func nothingRunsOnAnExhaustedBalance() {
        #expect(BalanceCap.timeLimit(requested: 600, balance: 0, committed: 0) == nil)
        #expect(BalanceCap.timeLimit(requested: 600, balance: -5, committed: 0) == nil)
        #expect(BalanceCap.timeLimit(requested: 600, balance: 100, committed: 100) == nil)
        #expect(BalanceCap.timeLimit(requested: 600, balance: 100, committed: 250) == nil)
    }

    /// Property: however a balance is split among jobs dispatched one after another, each
    /// charged its whole limit, the balance never ends a second or more below zero.
    @Test(arguments: [0.4, 1, 7.5, 59.99, 100, 1_234.5])
    func sequentialDispatchesNeverOverdrawByASecond(balance: Double) {
        var generator = SplitMix64(seed: UInt64(balance * 1_000))
        var committed = 0
        var dispatched = 0
        while let limit = BalanceCap.timeLimit(
            requested: Int(generator.next() % 50) + 1, balance: balance, committed: committed)
        {
            #expect(limit >= 1)
            committed += limit
            dispatched += 1
            if dispatched > 10_000 { break }
        }
        #expect(Double(committed) - balance < 1)
        #expect(Double(committed) >= balance)
    }
}
