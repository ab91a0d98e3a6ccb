import Testing

@testable import QPIConfig

struct PrecedenceTests {
    @Test func eachLayerAloneSetsTheKey() throws {
        #expect(try Fixture.configuration("ServerPort=9001\n").serverPort == 9_001)
        #expect(try Fixture.configuration("", environment: ["QPI_SERVER_PORT": "9002"]).serverPort == 9_002)
        #expect(try Fixture.configuration("", arguments: ["--server-port", "9003"]).serverPort == 9_003)
        #expect(try Fixture.configuration("", arguments: ["--server-port=9004"]).serverPort == 9_004)
    }

    @Test func flagBeatsEnvironmentBeatsFileBeatsDefault() throws {
        let file = """
            ServerPort=9001
            IdleThreshold=1s
            LogLevel=debug
            AdminUsers=alice
            """
        let environment = ["QPI_IDLE_THRESHOLD": "2s", "QPI_LOG_LEVEL": "notice", "QPI_MAX_REQUEUE": "5"]
        let config = try Fixture.configuration(
            file, arguments: ["--idle-threshold=3s", "--max-requeue", "7"], environment: environment
        )
        #expect(config.idleThreshold == .seconds(3))  // flag over environment and file
        #expect(config.maxRequeue == 7)  // flag over environment
        #expect(config.logLevel == .notice)  // environment over file
        #expect(config.serverPort == 9_001)  // file over default
        #expect(config.adminUsers == ["alice"])  // file over default
        #expect(config.jobTimeout == .seconds(20))  // default
    }

    @Test func portRangeBoundsLayerOneAtATime() throws {
        let config = try Fixture.configuration(
            "PortRange=6000-6500\n", environment: ["QPI_PORT_RANGE_END": "6600"]
        )
        #expect(config.portRange == 6000...6600)
        let flagged = try Fixture.configuration(
            "PortRange=6000-6500\n", arguments: ["--port-range-start", "6100"],
            environment: ["QPI_PORT_RANGE_END": "6600"]
        )
        #expect(flagged.portRange == 6100...6600)
        // A whole range in a higher layer replaces both bounds of a lower one.
        let whole = try Fixture.configuration("PortRangeStart=5000\n", arguments: ["--port-range=7100-7200"])
        #expect(whole.portRange == 7100...7200)
    }

    @Test func repeatedFlagsKeepTheLastValue() throws {
        let config = try Fixture.configuration("", arguments: ["--log-level", "debug", "--log-level=error"])
        #expect(config.logLevel == .error)
    }

    @Test func booleanFlagAloneMeansTrueAndTakesAnExplicitValue() throws {
        #expect(try Fixture.configuration("", arguments: ["--disable-email-password-auth"]).disableEmailPasswordAuth)
        let off = try Fixture.configuration(
            "DisableEmailPasswordAuth=true\n", arguments: ["--disable-email-password-auth=false"]
        )
        #expect(off.disableEmailPasswordAuth == false)
    }

    @Test func configFileComesFromFlagThenEnvironment() throws {
        try Fixture.withFile("ServerPort=9101\n") { flagged in
            try Fixture.withFile("ServerPort=9102\n") { fromEnvironment in
                let environment = ["QPI_CONFIG_FILE": fromEnvironment]
                let byFlag = try ConfigurationLoader.load(
                    arguments: ["--config-file", flagged], environment: environment, searchPaths: []
                )
                #expect(byFlag.serverPort == 9_101)
                #expect(byFlag.sourcePath == flagged)
                let byEnvironment = try ConfigurationLoader.load(
                    arguments: [], environment: environment, searchPaths: [])
                #expect(byEnvironment.serverPort == 9_102)
                let byShortVariable = try ConfigurationLoader.load(
                    arguments: [], environment: ["QPI_CONF": flagged], searchPaths: []
                )
                #expect(byShortVariable.serverPort == 9_101)
            }
        }
    }

    @Test func emptyFileNamesCountAsNone() throws {
        try Fixture.withFile("ServerPort=9301\n") { path in
            let config = try ConfigurationLoader.load(
                arguments: ["--conf="], environment: ["QPI_CONFIG_FILE": "", "QPI_CONF": path], searchPaths: []
            )
            #expect(config.serverPort == 9_301)
        }
    }

    @Test func commandsLoadFileAndEnvironmentWithTheirOwnConfOption() throws {
        try Fixture.withFile("ServerPort=9201\nLogLevel=debug\n") { path in
            let config = try ConfigurationLoader.load(
                configFile: path, environment: ["QPI_LOG_LEVEL": "error", "QPI_CONF": "/nonexistent"], searchPaths: []
            )
            #expect(config.serverPort == 9_201)
            #expect(config.logLevel == .error)
            let searched = try ConfigurationLoader.load(configFile: nil, environment: [:], searchPaths: [path])
            #expect(searched.sourcePath == path)
        }
    }

    @Test func unrelatedEnvironmentVariablesAreIgnored() throws {
        let config = try Fixture.configuration(
            "", environment: ["QPI_ADDR": "http://x", "QPI_ACCESS_TOKEN": "t", "PATH": "/bin"])
        var expected = QPIConfiguration()
        expected.sourcePath = config.sourcePath
        #expect(config == expected)
    }
}
