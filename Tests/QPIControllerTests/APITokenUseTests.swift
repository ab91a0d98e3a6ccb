import QPIController
import QPICore
import QPIWire
import Testing

/// Verifying an API token records its use, but at most once a minute: every HTTP request
/// verifies its token, and a store write awaited on each one would cost every request a
/// commit.
struct APITokenUseTests {
    @Test func lastUsedAtIsWrittenAtMostOnceAMinute() async throws {
        let cluster = try await InProcessController()
        let alice = cluster.caller("alice")
        let created = try await cluster.controller.createAPIToken(TokenCreateRequest(name: "notebook"), by: alice)
        func lastUsed() async throws -> Double? {
            try await cluster.controller.showAPIToken(created.info.id, by: alice).info.lastUsedAt
        }
        #expect(try await lastUsed() == nil)
        let first = cluster.clock.now()
        _ = try await cluster.controller.verifyAPIToken(created.token)
        #expect(try await lastUsed() == first)
        cluster.clock.advance(59)
        _ = try await cluster.controller.verifyAPIToken(created.token)
        #expect(try await lastUsed() == first)
        cluster.clock.advance(2)
        _ = try await cluster.controller.verifyAPIToken(created.token)
        #expect(try await lastUsed() == first + 61)
    }
}
