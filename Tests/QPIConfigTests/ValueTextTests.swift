import Testing

@testable import QPIConfig

struct ValueTextTests {
    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)), ("30s", .seconds(30)), ("5m", .seconds(300)), ("2h", .seconds(7_200)),
        ("1d", .seconds(86_400)), ("1h30m", .seconds(5_400)), ("1.5s", .milliseconds(1_500)), ("01:30", .seconds(90)),
        ("1:02:03", .seconds(3_723)), ("1-00:00:00", .seconds(86_400)), ("2-12", .seconds(216_000)),
        ("30", .seconds(1_800)),
    ])
    func durationsInEveryAcceptedForm(text: String, expected: Duration) throws {
        #expect(try ValueText.duration(text, allowsZero: false) == expected)
    }

    @Test(arguments: ["", "abc", "-5s", "5 s", "1e3s", "5x", "1:2:3:4", "0.0001s", "0s", "99999999999s"])
    func durationsRefused(text: String) {
        #expect(throws: InvalidValue.self) { try ValueText.duration(text, allowsZero: false) }
    }

    @Test func aBareNumberIsSecondsForPeriodsAndTimeoutsAndMinutesForTimeLimits() throws {
        #expect(try ValueText.duration("30", allowsZero: false, bareSeconds: true) == .seconds(30))
        #expect(try ValueText.duration("2.5", allowsZero: false, bareSeconds: true) == .milliseconds(2_500))
        #expect(try ValueText.duration("01:30", allowsZero: false, bareSeconds: true) == .seconds(90))
        for text in ["1e3", "nan", "inf", ".", "-5"] {
            #expect(throws: InvalidValue.self, "\(text)") {
                try ValueText.duration(text, allowsZero: false, bareSeconds: true)
            }
        }
        let configuration = try Fixture.configuration(
            "JobTimeout=30\nNodeTimeout=45\nHeartbeatInterval=2\nDefaultTime=30\n")
        #expect(configuration.jobTimeout == .seconds(30))
        #expect(configuration.nodeTimeout == .seconds(45))
        #expect(configuration.heartbeatInterval == .seconds(2))
        #expect(configuration.defaultTime == .seconds(1_800))
        // The variable the reference's driver and the Python executors read as seconds.
        #expect(try Fixture.configuration("", environment: ["QPI_JOB_TIMEOUT": "10"]).jobTimeout == .seconds(10))
    }

    @Test func zeroOnlyWhereAllowed() throws {
        #expect(try ValueText.duration("0s", allowsZero: true) == .zero)
        #expect(try Fixture.configuration("IdleThreshold=0\n").idleThreshold == .zero)
        let (_, diagnostics) = Fixture.diagnostics("JobTimeout=0s\n")
        #expect(
            diagnostics.map(\.message) == [
                "invalid value '0s' for JobTimeout: expected a duration above zero such as 5s"
            ])
    }

    @Test(arguments: [
        ("16MiB", 16 << 20), ("16M", 16 << 20), ("16m", 16 << 20), ("512K", 512 << 10), ("512kib", 512 << 10),
        ("1G", 1 << 30), ("1GiB", 1 << 30), ("2048", 2_048), ("2048B", 2_048),
    ])
    func sizes(text: String, bytes: Int) {
        #expect(ByteCountText.bytes(text) == bytes)
    }

    @Test(arguments: ["", "M", "16MB", "1.5M", "-1K", "16 MiB", "16TiB", "9000000000000G", "99999999999999999999"])
    func sizesRefused(text: String) {
        #expect(ByteCountText.bytes(text) == nil)
    }

    @Test func messageSizeBounds() throws {
        #expect(try Fixture.configuration("MaxMessageSize=64K\n").maxMessageSize == 65_536)
        let (_, diagnostics) = Fixture.diagnostics("MaxMessageSize=512\nMaxMessageSize2=1\n")
        #expect(diagnostics.first?.code == .invalidValue)
        #expect(
            diagnostics.first?.message
                == "invalid value '512' for MaxMessageSize: expected a size from 1024 to 1073741824 bytes such as 16MiB "
                + "(suffixes K, M, G, KiB, MiB, GiB)"
        )
        #expect(Fixture.diagnostics("MaxMessageSize=2G\n").diagnostics.map(\.code) == [.invalidValue])
    }

    @Test(arguments: [
        ("sim[0-3]", ["sim0", "sim1", "sim2", "sim3"]), ("q[01-03,7]", ["q01", "q02", "q03", "q7"]),
        ("a[1-2]b[1-2]", ["a1b1", "a1b2", "a2b1", "a2b2"]), ("sim", ["sim"]), ("x[5]", ["x5"]),
    ])
    func qpuNameRanges(pattern: String, names: [String]) {
        #expect(QPUNameRange.expand(pattern) == names)
    }

    @Test(arguments: ["sim[", "sim]", "sim[3-1]", "sim[a-b]", "sim[]", "sim[1-]", "sim[0-99999]", "a[0-99]b[0-99]"])
    func qpuNameRangesRefused(pattern: String) {
        #expect(QPUNameRange.expand(pattern) == nil)
    }

    @Test func booleansAndChoicesIgnoreCase() throws {
        for (text, value) in [("yes", true), ("No", false), ("ON", true), ("off", false), ("1", true), ("0", false)] {
            #expect(try ValueText.bool(text) == value)
        }
        #expect(try Fixture.configuration("LogLevel=WARNING\n").logLevel == .warning)
        #expect(
            Fixture.diagnostics("DisableEmailPasswordAuth=maybe\n").diagnostics.map(\.message) == [
                "invalid value 'maybe' for DisableEmailPasswordAuth: expected true or false"
            ])
    }

    @Test func addressesNamesAndLists() throws {
        #expect(try Fixture.configuration("IPAddr=::1\nControlAddr=qpi-ctl.example.org\n").ipAddr == "::1")
        let (_, diagnostics) = Fixture.diagnostics(
            "IPAddr=localhost\nControlAddr=bad_host!\nDomain=-x.org\nAdminUsers=alice,-bob\nOAuth2Providers={oops}\n"
        )
        #expect(diagnostics.map(\.code) == Array(repeating: .invalidValue, count: 5))
        #expect(try Fixture.configuration("AdminUsers=alice,,bob,\n").adminUsers == ["alice", "bob"])
        let single = #"{"name": "lab", "issuer": "http://127.0.0.1:9400", "client_id": "qpi"}"#
        #expect(try Fixture.configuration("OAuth2Providers='\(single)'\n").oauth2Providers == single)
    }

    @Test func portsAndCountsHaveRanges() {
        let (_, diagnostics) = Fixture.diagnostics(
            "ServerPort=0\nControlPort=70000\nPortRange=7000-6000\nMaxRequeue=-1\nDefaultShots=0\nMaxShots=1e6\n"
        )
        #expect(diagnostics.map(\.code) == Array(repeating: .invalidValue, count: 6))
        #expect(
            diagnostics[2].message
                == "invalid value '7000-6000' for PortRange: expected a range of ports such as 6000-7000")
        #expect(diagnostics[3].message == "invalid value '-1' for MaxRequeue: expected a whole number from 0 to 1000")
    }
}
