import QPIAuth
import Testing

struct UserDirectoryTests {
    let directory = UserDirectory()

    @Test func rootIsKnownBothWays() {
        #expect(self.directory.name(for: 0) == "root")
        #expect(self.directory.uid(for: "root") == 0)
    }

    @Test func unknownUIDFallsBackToNumber() {
        #expect(self.directory.name(for: 3_999_999_999) == "uid3999999999")
    }

    @Test func unknownNameHasNoUID() {
        #expect(self.directory.uid(for: "no-such-user-qpi") == nil)
    }
}
