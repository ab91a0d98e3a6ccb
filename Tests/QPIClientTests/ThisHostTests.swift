import QPIClient
import Testing

struct ThisHostTests {
    @Test func loopbackNamesAreThisHost() {
        #expect(ThisHost.contains("127.0.0.1"))
        #expect(ThisHost.contains("127.3.4.5"))
        #expect(ThisHost.contains("localhost"))
    }

    /// 192.0.2.0/24 is documentation space (RFC 5737): no machine has it.
    @Test func otherHostsAndUnknownNamesAreNot() {
        #expect(!ThisHost.contains("192.0.2.44"))
        #expect(!ThisHost.contains("no-such-host.invalid"))
        #expect(!ThisHost.contains(""))
    }
}
