import Foundation
import Testing

@testable import QPIConfig

/// Every refusal of a `qpi.conf` file, with its code and exact `file:line`.
struct FileErrorTests {
    @Test func unknownKeySuggestsTheClosestKey() throws {
        let (path, diagnostics) = Fixture.diagnostics("# comment\n\nIdleTreshold=5s\n")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.code == .unknownKey)
        #expect(diagnostic.location == .file(path: path, line: 3))
        #expect(
            diagnostic.description == "\(path):3: error: unknown key 'IdleTreshold' (did you mean 'IdleThreshold'?)")
    }

    @Test func unknownKeyWithoutAnyCloseKeyHasNoSuggestion() {
        let (_, diagnostics) = Fixture.diagnostics("Colour=blue\n")
        #expect(diagnostics.map(\.message) == ["unknown key 'Colour'"])
    }

    @Test func qpuFieldOutsideAQPULineSaysWhereItBelongs() {
        let (path, diagnostics) = Fixture.diagnostics("Qubits=5\n")
        #expect(diagnostics.map(\.code) == [.unknownKey])
        #expect(diagnostics.map(\.location) == [.file(path: path, line: 1)])
        #expect(diagnostics.map(\.message) == ["unknown key 'Qubits': Qubits belongs on a QPUName= line"])
    }

    @Test func invalidValueNamesValueKeyAndWhatIsExpected() throws {
        let text = String(repeating: "\n", count: 11) + "IdleThreshold=abc\n"
        let (path, diagnostics) = Fixture.diagnostics(text)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.code == .invalidValue)
        #expect(
            diagnostic.description
                == "\(path):12: error: invalid value 'abc' for IdleThreshold: expected a duration such as 5s"
        )
    }

    @Test func everyProblemInAFileIsReportedInLineOrder() {
        let text = """
            ServerPort=http
            Colour=blue
            QPUName=sim0 Executor=sim
            LogLevel=loud
            this is not a setting
            """
        let (path, diagnostics) = Fixture.diagnostics(text)
        #expect(diagnostics.map(\.code) == [.invalidValue, .unknownKey, .incompleteQPU, .invalidValue, .malformedLine])
        #expect(diagnostics.map(\.location) == (1...5).map { .file(path: path, line: $0) })
        #expect(
            diagnostics[3].message
                == "invalid value 'loud' for LogLevel: expected one of trace, debug, info, notice, warning, error, critical"
        )
    }

    /// A policy that is not built is refused, not accepted and silently ignored.
    @Test func chargingTheBookerIsRefused() {
        let (path, diagnostics) = Fixture.diagnostics("SlotCharge=booker")
        #expect(diagnostics.map(\.code) == [.invalidValue])
        #expect(diagnostics.map(\.location) == [.file(path: path, line: 1)])
        #expect(diagnostics.first?.message == "invalid value 'booker' for SlotCharge: expected one of none")
    }

    @Test(arguments: [
        ("ServerPort 8090", "expected Key=Value, found 'ServerPort'"),
        ("ServerPort = 8090", "remove the spaces around '=' after 'ServerPort'"),
        ("=8090", "expected a key before '=' in '=8090'"),
        ("Domain=\"qpi.example.org", "missing closing \" in the value of Domain"),
        ("Reason='x", "missing closing ' in the value of Reason"),
        ("Domain=\"a\"b", "expected a space after the closing \" of Domain's value"),
    ])
    func malformedLines(line: String, message: String) {
        let (path, diagnostics) = Fixture.diagnostics("# header\n" + line + "\n")
        #expect(diagnostics.map(\.code) == [.malformedLine])
        #expect(diagnostics.map(\.location) == [.file(path: path, line: 2)])
        #expect(diagnostics.map(\.message) == [message])
    }

    @Test func crLfAndLoneCrEndLinesAndNonASCIIValuesKeepTheirBytes() throws {
        let (path, diagnostics) = Fixture.diagnostics(
            "# héader ✓\r\nClusterName=\"Zürich lab #1\"\rIdleTreshold=5s\r\n")
        #expect(diagnostics.map(\.location) == [.file(path: path, line: 3)])
        let configuration = try Fixture.configuration("# ✓\r\nClusterName='Zürich \"lab\"' # comment\r\n")
        #expect(configuration.clusterName == "Zürich \"lab\"")
    }

    @Test func keySetTwiceInOneFileIsAnError() {
        let (path, diagnostics) = Fixture.diagnostics("ServerPort=9000\nserverport=9001\n")
        #expect(diagnostics.map(\.code) == [.duplicateKey])
        #expect(diagnostics.map(\.location) == [.file(path: path, line: 2)])
        #expect(diagnostics.map(\.message) == ["ServerPort is already set at \(path):1"])
    }

    @Test func duplicateQPUNamesAreErrorsIncludingThroughRanges() {
        let text = """
            QPUName=sim0 Executor=sim Qubits=4
            QPUName=sim[0-1] Executor=sim Qubits=4
            QPUName=sim1 Executor=sim Qubits=4
            """
        let (path, diagnostics) = Fixture.diagnostics(text)
        #expect(diagnostics.map(\.code) == [.duplicateQPU, .duplicateQPU])
        #expect(diagnostics.map(\.location) == [.file(path: path, line: 2), .file(path: path, line: 3)])
        #expect(
            diagnostics.map(\.message) == [
                "QPU 'sim0' is already declared at \(path):1", "QPU 'sim1' is already declared at \(path):2",
            ]
        )
    }

    @Test func qpuLineProblems() {
        let text = """
            QPUName=a
            QPUName=b Executor=sim Qubits=4 Qbits=3
            QPUName=c Executor=sim Qubits=0
            QPUName=d Executor=sim Qubits=2 State=IDLE
            QPUName=e/f Executor=sim Qubits=2
            QPUName=g[3-1] Executor=sim Qubits=2
            QPUName=h Executor="two words" Qubits=2
            QPUName=i Executor=sim Qubits=2 Qubits=3
            """
        let (path, diagnostics) = Fixture.diagnostics(text)
        #expect(
            diagnostics.map(\.code) == [
                .incompleteQPU, .unknownKey, .invalidValue, .invalidValue, .invalidValue, .invalidValue, .invalidValue,
                .duplicateKey,
            ]
        )
        #expect(diagnostics.map(\.location) == (1...8).map { .file(path: path, line: $0) })
        #expect(
            diagnostics.map(\.message) == [
                "QPU declaration needs Executor= and Qubits=",
                "unknown QPU field 'Qbits' (did you mean 'Qubits'?)",
                "invalid value '0' for Qubits: expected a whole number from 1 to 100000",
                "invalid value 'IDLE' for State: expected DRAIN or DISABLED",
                "invalid value 'e/f' for QPUName: expected a name of letters, digits, '_', '-' and '.', or a range such as sim[0-3]",
                "invalid value 'g[3-1]' for QPUName: expected a name of letters, digits, '_', '-' and '.', or a range such as sim[0-3]",
                "invalid value 'two words' for Executor: expected an executor name such as sim or qiskit_aer",
                "QPU field Qubits is given twice",
            ]
        )
    }

    @Test func portRangeAndItsBoundsCannotBeMixedInOneLayer() {
        let (path, diagnostics) = Fixture.diagnostics("PortRange=6000-7000\nPortRangeStart=6100\n")
        #expect(diagnostics.map(\.code) == [.conflictingKeys])
        #expect(diagnostics.map(\.location) == [.file(path: path, line: 2)])
        #expect(
            diagnostics.map(\.message) == [
                "PortRangeStart cannot be combined with PortRange (set at \(path):1); use one or the other"
            ]
        )
    }

    @Test func inconsistentValuesAreReportedWhereTheHighestLayerSetThem() {
        let (_, shots) = Fixture.diagnostics("MaxShots=1000\n", environment: ["QPI_DEFAULT_SHOTS": "2000"])
        #expect(shots.map(\.code) == [.inconsistentValues])
        #expect(shots.map(\.location) == [.environment(variable: "QPI_DEFAULT_SHOTS")])
        #expect(shots.map(\.message) == ["DefaultShots 2000 is above MaxShots 1000"])

        let (_, range) = Fixture.diagnostics("PortRangeStart=6500\n", arguments: ["--port-range-end", "6400"])
        #expect(range.map(\.location) == [.commandLine(flag: "--port-range-end")])
        #expect(range.map(\.message) == ["PortRange is empty: its start 6500 is above its end 6400"])

        let (portsPath, ports) = Fixture.diagnostics("ServerPort=6817\nDefaultTime=2d\nHeartbeatInterval=1m\n")
        #expect(ports.allSatisfy { $0.code == .inconsistentValues })
        #expect(
            ports.map(\.message) == [
                "ControlPort and ServerPort are both 6817; they need different ports",
                "DefaultTime 172800s is above MaxTime 86400s",
                "HeartbeatInterval 60s is not shorter than NodeTimeout 30s, so nodes would time out between heartbeats",
            ]
        )
        #expect(ports.map(\.location) == [1, 2, 3].map { .file(path: portsPath, line: $0) })
    }

    @Test func namedFileThatIsMissingIsAnError() {
        let path = "/nonexistent/qpi.conf"
        for (arguments, environment) in [(["--conf", path], [:]), ([], ["QPI_CONFIG_FILE": path])] {
            let result = Result { () throws(ConfigurationError) in
                try ConfigurationLoader.load(arguments: arguments, environment: environment, searchPaths: [])
            }
            guard case .failure(let error) = result else {
                Issue.record("a missing named file must be refused")
                continue
            }
            #expect(error.codes == [.unreadableFile])
            #expect(error.description == "\(path): error: cannot read configuration file: no such file")
        }
    }

    @Test func fileThatIsNotUTF8IsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qpiconfig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("qpi.conf")
        try Data([0x53, 0x3D, 0xFF, 0xFE, 0x0A]).write(to: file)
        let result = Result { () throws(ConfigurationError) in
            try ConfigurationLoader.load(arguments: [], environment: [:], searchPaths: [file.path])
        }
        guard case .failure(let error) = result else {
            Issue.record("binary file accepted")
            return
        }
        #expect(error.codes == [.unreadableFile])
        #expect(error.diagnostics.first?.message == "cannot read configuration file: it is not UTF-8 text")
    }
}
