import QPICore
import Testing

/// `--notify-url` parsing and the `NotifyAllowedHosts` match: the host the controller checks
/// is the host it posts to.
struct WebhookURLTests {
    static func host(_ text: String) -> String? {
        guard case .success(let url) = WebhookURL.parse(text) else { return nil }
        return "\(url.host):\(url.port)"
    }

    static func refusal(_ text: String) -> WebhookURLError? {
        guard case .failure(let error) = WebhookURL.parse(text) else { return nil }
        return error
    }

    @Test func hostsAndPortsAreReadAsAnHTTPClientReadsThem() {
        #expect(Self.host("https://Hooks.Lab.example/x?y=1") == "hooks.lab.example:443")
        #expect(Self.host("http://127.0.0.1:8080") == "127.0.0.1:8080")
        #expect(Self.host("http://127.0.0.1:8080?q") == "127.0.0.1:8080")
        #expect(Self.host("http://[::1]:9000/hook") == "[::1]:9000")
        #expect(Self.host("HTTP://example.org") == "example.org:80")
    }

    @Test func anythingElseIsRefusedWithItsReason() {
        #expect(Self.refusal("ftp://example.org/") == .scheme)
        #expect(Self.refusal("example.org/hook") == .scheme)
        #expect(Self.refusal("http://user:pw@example.org/") == .userInformation)
        #expect(Self.refusal("http://evil.example@hooks.lab.example/") == .userInformation)
        #expect(Self.refusal("http://example.org/#x") == .fragment)
        #expect(Self.refusal("http://example.org:0/") == .port)
        #expect(Self.refusal("http://example.org:70000/") == .port)
        #expect(Self.refusal("http://example.org:80a/") == .port)
        #expect(Self.refusal("http://exa_mple.org/") == .host)
        #expect(Self.refusal("http:///path") == .host)
        #expect(Self.refusal("http://example.org/a b") == .notPrintableASCII)
        #expect(Self.refusal("http://example.org/\u{e9}") == .notPrintableASCII)
        #expect(Self.refusal("http://example.org/" + String(repeating: "a", count: 2_048)) == .tooLong)
    }

    @Test func allowedHostsMatchNamesPortsAndSubdomains() throws {
        let list = WebhookHostList(["Hooks.lab.example", "127.0.0.1:8080", "*.ci.example", "[::1]:9000"])
        func allows(_ text: String) throws -> Bool { list.allows(try WebhookURL.parse(text).get()) }
        #expect(try allows("https://hooks.lab.example/x"))
        #expect(try allows("http://HOOKS.LAB.EXAMPLE:81/x"))
        #expect(try allows("http://127.0.0.1:8080/x"))
        #expect(try !allows("http://127.0.0.1:8081/x"))
        #expect(try allows("https://a.b.ci.example/x"))
        #expect(try !allows("https://ci.example/x"))
        #expect(try !allows("https://evilci.example/x"))
        #expect(try !allows("https://hooks.lab.example.evil.example/x"))
        #expect(try allows("http://[::1]:9000/x"))
        #expect(try !allows("http://[::1]:9001/x"))
        #expect(try !WebhookHostList([]).allows(try WebhookURL.parse("http://127.0.0.1/").get()))
    }
}
