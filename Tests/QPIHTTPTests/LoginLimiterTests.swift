import Foundation
import HTTPTypes
import Testing

@testable import QPIHTTP

struct LoginLimiterTests {
    @Test func attemptsCountWhenReservedSoParallelGuessesStopAtTheLimit() throws {
        let limiter = LoginLimiter(maxFailures: 5, window: 60)
        var held: [LoginLimiter.Attempt] = []
        for _ in 0..<5 { held.append(try limiter.reserve("alice", address: "10.0.0.1", now: 0)) }
        // Five guesses are still being checked: a sixth is refused before any ends.
        #expect(throws: APIError.self) { try limiter.reserve("alice", address: "10.0.0.2", now: 1) }
        // An attempt that never reached the check is refunded; a success forgets the name.
        limiter.release(held.removeLast())
        let sixth = try limiter.reserve("alice", address: "10.0.0.2", now: 2)
        limiter.succeeded(sixth)
        _ = try limiter.reserve("alice", address: "10.0.0.2", now: 3)
        // The window passes and the name may try again.
        for _ in 0..<4 { _ = try? limiter.reserve("alice", address: nil, now: 4) }
        #expect(throws: APIError.self) { try limiter.reserve("alice", address: nil, now: 5) }
        _ = try limiter.reserve("alice", address: nil, now: 70)
    }

    @Test func oneAddressTryingManyNamesIsStopped() throws {
        let limiter = LoginLimiter(maxFailures: 5, maxFailuresPerAddress: 10, window: 60)
        for index in 0..<10 { _ = try limiter.reserve("name\(index)", address: "192.0.2.7", now: 0) }
        do {
            _ = try limiter.reserve("name10", address: "192.0.2.7", now: 1)
            Issue.record("the eleventh name from one address was tried")
        } catch let error as APIError {
            #expect(error.status == .tooManyRequests && error.headers[.retryAfter] == "59")
        }
        _ = try limiter.reserve("name10", address: "192.0.2.8", now: 1)
    }

    @Test func theTablesStayBoundedHoweverManyNamesFail() throws {
        let limiter = LoginLimiter(maxFailures: 5, maxFailuresPerAddress: .max, window: 60, maxTracked: 100)
        for index in 0..<10_000 {
            _ = try limiter.reserve("user\(index)", address: "addr\(index)", now: Double(index) / 1_000)
        }
        #expect(limiter.trackedCount.users <= 100 && limiter.trackedCount.addresses <= 100)
        // The newest names are the ones kept: a name still inside its window stays locked.
        for _ in 0..<4 { _ = try limiter.reserve("victim", address: nil, now: 10) }
        #expect(throws: APIError.self) {
            _ = try limiter.reserve("victim", address: nil, now: 10)
            _ = try limiter.reserve("victim", address: nil, now: 10)
        }
    }
}
