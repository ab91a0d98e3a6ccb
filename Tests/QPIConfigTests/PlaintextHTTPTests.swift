import QPIConfig
import Testing

/// Plain HTTP where other hosts can reach it takes a key by name (issue 18, item 8).
struct PlaintextHTTPTests {
    @Test(arguments: ["127.0.0.1", "127.1.2.3", "localhost", "::1"])
    func loopbackServesPlainHTTP(address: String) throws {
        #expect(try Fixture.configuration("ControlAddr=\(address)\n").plaintextHTTPProblem == nil)
    }

    @Test(arguments: ["10.1.2.3", "0.0.0.0", "qpi-ctl.example.org", "127.example.org", "::"])
    func anyOtherAddressNeedsTLSOrTheKey(address: String) throws {
        let problem = try Fixture.configuration("ControlAddr=\(address)\n").plaintextHTTPProblem
        #expect(
            problem?.contains("ServerTLS=false with ControlAddr=\(address)") == true, "\(String(describing: problem))")
        #expect(problem?.contains("AllowPlaintextHTTP=true") == true)
        #expect(try Fixture.configuration("ControlAddr=\(address)\nServerTLS=true\n").plaintextHTTPProblem == nil)
        #expect(
            try Fixture.configuration("ControlAddr=\(address)\nAllowPlaintextHTTP=true\n").plaintextHTTPProblem == nil)
    }
}
