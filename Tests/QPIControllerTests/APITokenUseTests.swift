import QPICore
import QPIWire
import Testing

@testable import QPIController

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

    /// Checks are served from memory once a token has been seen; a change to the token must
    /// still decide the very next check.
    @Test func aChangedTokenIsCheckedAgainstItsNewRecord() async throws {
        let cluster = try await InProcessController()
        let alice = cluster.caller("alice")
        let created = try await cluster.controller.createAPIToken(TokenCreateRequest(name: "notebook"), by: alice)
        #expect(try await cluster.controller.verifyAPIToken(created.token).info.expiresAt == nil)
        #expect(cluster.controller.apiTokens.entry(created.info.id) != nil)

        _ = try await cluster.controller.updateAPIToken(
            TokenUpdateRequest(id: created.info.id, expiresInSeconds: 10), by: alice)
        cluster.clock.advance(11)
        await #expect(throws: WireError.self) { try await cluster.controller.verifyAPIToken(created.token) }

        let other = try await cluster.controller.createAPIToken(TokenCreateRequest(name: "ci"), by: alice)
        _ = try await cluster.controller.verifyAPIToken(other.token)
        _ = try await cluster.controller.revokeAPIToken(other.info.id, by: alice)
        do {
            _ = try await cluster.controller.verifyAPIToken(other.token)
            Issue.record("a revoked token verified")
        } catch {
            #expect(error.message == "API token \(other.info.id) was revoked")
        }
    }

    /// A store read that began before a change may not put the old record back.
    @Test func aFillReadBeforeAChangeIsRefused() {
        let cache = APITokenCache()
        let record = APIToken(
            id: 7, user: "alice", name: "ci", createdAt: 0, expiresAt: nil, revokedAt: nil, lastUsedAt: nil)
        let readAt = cache.generation
        cache.forget(7)
        cache.fill(7, .init(record: record, hash: "h"), readAt: readAt)
        #expect(cache.entry(7) == nil)
        cache.fill(7, .init(record: record, hash: "h"), readAt: cache.generation)
        #expect(cache.entry(7)?.record == record)
    }
}
