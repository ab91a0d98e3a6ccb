import Foundation
import QPIWire
import Synchronization
import Testing

@testable import QPIController

struct BlockingWorkPoolTests {
    /// Holds the pool's threads until opened, and counts how many it held at once.
    final class Gate: Sendable {
        private struct State {
            var opened = false
            var inside = 0
            var most = 0
            var refused = 0
        }

        private let state = Mutex(State())

        var most: Int { self.state.withLock { $0.most } }
        var inside: Int { self.state.withLock { $0.inside } }
        var refused: Int { self.state.withLock { $0.refused } }

        func refuse() { self.state.withLock { $0.refused += 1 } }

        func open() { self.state.withLock { $0.opened = true } }

        func pass() {
            self.state.withLock { state in
                state.inside += 1
                state.most = max(state.most, state.inside)
            }
            while !self.state.withLock({ $0.opened }) { usleep(1_000) }
            self.state.withLock { $0.inside -= 1 }
        }
    }

    @Test func runsAtMostItsWidthAndRefusesBeyondItsQueue() async throws {
        let pool = BlockingWorkPool(name: "tests", width: 2, queueLimit: 3)
        let gate = Gate()
        let outcomes = Task {
            await withTaskGroup(of: WireError?.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        do throws(WireError) {
                            _ = try await pool.run {
                                gate.pass()
                                return index
                            }
                            return nil
                        } catch {
                            gate.refuse()
                            return error
                        }
                    }
                }
                return await group.reduce(into: [WireError?]()) { $0.append($1) }
            }
        }
        // Two run and three wait once the other three are refused; nothing more may start.
        let deadline = ContinuousClock.now + .seconds(10)
        while gate.inside < 2 || gate.refused < 3, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        try await Task.sleep(for: .milliseconds(100))
        gate.open()
        let errors = await outcomes.value
        let refused = errors.compactMap { $0 }
        #expect(refused.count == 3 && refused.allSatisfy { $0.code == .unavailable }, "\(errors)")
        #expect(gate.most == 2)
    }
}
