import QPISecurity
import Testing

/// Login passwords are kept only as salted scrypt hashes.
struct PasswordHashTests {
    @Test func verifiesOnlyTheRightPassword() throws {
        // A low cost keeps the test fast; the format records it, so verify reads it back.
        let stored = try PasswordHash.make("correct horse", rounds: 1 << 10)
        #expect(stored.hasPrefix("scrypt$1024$8$1$"))
        #expect(!stored.contains("correct horse"))
        #expect(PasswordHash.verify("correct horse", against: stored))
        #expect(!PasswordHash.verify("correct horsf", against: stored))
        #expect(!PasswordHash.verify("", against: stored))
    }

    @Test func saltsDiffer() throws {
        #expect(try PasswordHash.make("same", rounds: 1 << 10) != PasswordHash.make("same", rounds: 1 << 10))
    }

    @Test func unreadableStoredTextsNeverMatch() {
        for stored in ["", "scrypt$", "sha256:abc", "scrypt$x$8$1$AAAA$AAAA", "scrypt$1024$8$1$!!$AAAA"] {
            #expect(!PasswordHash.verify("anything", against: stored), "\(stored)")
        }
    }
}
