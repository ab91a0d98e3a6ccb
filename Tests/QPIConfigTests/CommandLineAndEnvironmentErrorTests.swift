import Testing

@testable import QPIConfig

/// Refusals of environment variables and flags, which name the variable or flag at fault.
struct CommandLineAndEnvironmentErrorTests {
    private func diagnostics(
        arguments: [String] = [],
        environment: [String: String] = [:]
    ) -> [ConfigurationDiagnostic] {
        let result = Result { () throws(ConfigurationError) in
            try ConfigurationLoader.load(arguments: arguments, environment: environment, searchPaths: [])
        }
        guard case .failure(let error) = result else { return [] }
        return error.diagnostics
    }

    @Test func invalidEnvironmentValueNamesTheVariable() {
        let diagnostics = self.diagnostics(environment: ["QPI_SERVER_PORT": "http"])
        #expect(diagnostics.map(\.code) == [.invalidValue])
        #expect(
            diagnostics.map(\.description) == [
                "QPI_SERVER_PORT: error: invalid value 'http' for ServerPort: expected a port number from 1 to 65535"
            ]
        )
    }

    @Test func invalidFlagValueNamesTheFlag() {
        let diagnostics = self.diagnostics(arguments: ["--idle-threshold=soon"])
        #expect(diagnostics.map(\.code) == [.invalidValue])
        #expect(
            diagnostics.map(\.description) == [
                "--idle-threshold: error: invalid value 'soon' for IdleThreshold: expected a duration such as 5s"
            ]
        )
    }

    @Test func unknownFlagSuggestsTheClosestAndSkipsItsValue() {
        let diagnostics = self.diagnostics(arguments: ["--sever-port", "80", "--frobnicate"])
        #expect(diagnostics.map(\.code) == [.unknownFlag, .unknownFlag])
        #expect(
            diagnostics.map(\.location) == [.commandLine(flag: "--sever-port"), .commandLine(flag: "--frobnicate")])
        #expect(
            diagnostics.map(\.message) == [
                "unknown flag '--sever-port' (did you mean '--server-port'?)", "unknown flag '--frobnicate'",
            ]
        )
    }

    @Test func flagWithoutItsValueIsAnError() {
        let diagnostics = self.diagnostics(arguments: ["--server-port", "--log-level", "debug", "--conf"])
        #expect(diagnostics.map(\.code) == [.missingFlagValue, .missingFlagValue])
        #expect(
            diagnostics.map(\.description) == [
                "--server-port: error: --server-port needs a value, as in --server-port VALUE or --server-port=VALUE",
                "--conf: error: --conf needs a value, as in --conf VALUE or --conf=VALUE",
            ]
        )
    }

    @Test func strayArgumentsAndSingleDashesAreRefused() {
        let diagnostics = self.diagnostics(arguments: ["serve", "-v", "--"])
        #expect(diagnostics.map(\.code) == [.unexpectedArgument, .unexpectedArgument, .unexpectedArgument])
        #expect(
            diagnostics.first?.description
                == "command line: error: unexpected argument 'serve': options are --key VALUE or --key=VALUE")
    }

    @Test func errorsOfAllLayersAreCollectedInFileEnvironmentFlagOrder() throws {
        let (path, diagnostics) = Fixture.diagnostics(
            "JobTimeout=never\n", arguments: ["--max-requeue=-1", "--nope"], environment: ["QPI_LOG_LEVEL": "chatty"]
        )
        #expect(
            diagnostics.map(\.location) == [
                .file(path: path, line: 1), .environment(variable: "QPI_LOG_LEVEL"), .commandLine(flag: "--nope"),
                .commandLine(flag: "--max-requeue"),
            ]
        )
        #expect(diagnostics.map(\.code) == [.invalidValue, .invalidValue, .unknownFlag, .invalidValue])
    }

    @Test func errorDescriptionHasOneLinePerProblem() throws {
        let result = Result { () throws(ConfigurationError) in
            try ConfigurationLoader.load(arguments: ["--a", "--b"], environment: [:], searchPaths: [])
        }
        guard case .failure(let error) = result else {
            Issue.record("unknown flags accepted")
            return
        }
        #expect(error.description == "--a: error: unknown flag '--a'\n--b: error: unknown flag '--b'")
        #expect(error.codes.map(\.description) == ["unknown-flag", "unknown-flag"])
    }
}
