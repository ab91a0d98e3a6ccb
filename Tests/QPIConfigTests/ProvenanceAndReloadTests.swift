import Foundation
import Testing

@testable import QPIConfig

/// Where each value came from (`qctl show config`) and what a reload changes.
struct ProvenanceAndReloadTests {
    private func loaded(
        _ contents: String, arguments: [String] = [], environment: [String: String] = [:]
    ) throws -> (path: String, loaded: LoadedConfiguration) {
        try Fixture.withFile(contents) { path in
            (
                path,
                try ConfigurationLoader.loadWithSources(
                    arguments: ["--conf", path] + arguments, environment: environment, searchPaths: [])
            )
        }
    }

    private func entry(_ name: String, in loaded: LoadedConfiguration) throws -> ConfigurationEntry {
        try #require(loaded.entries.first { $0.key.name == name })
    }

    @Test func everyValueNamesTheLayerAndPlaceThatSetIt() throws {
        let (path, loaded) = try self.loaded(
            "# a comment\nMaxShots=9000\nIdleThreshold=90s\nDefaultShots=5\n",
            arguments: ["--max-shots", "500"], environment: ["QPI_DEFAULT_SHOTS": "7"])
        let flag = try self.entry("MaxShots", in: loaded)
        #expect(flag.value == "500" && flag.sourceKind == "flag" && flag.sourceDescription == "--max-shots")
        let env = try self.entry("DefaultShots", in: loaded)
        #expect(env.value == "7" && env.sourceKind == "env" && env.sourceDescription == "QPI_DEFAULT_SHOTS")
        let file = try self.entry("IdleThreshold", in: loaded)
        #expect(file.value == "90s" && file.sourceKind == "file" && file.sourceDescription == "\(path):3")
        let fallback = try self.entry("BookingHorizon", in: loaded)
        #expect(fallback.value == "30d" && fallback.sourceKind == "default" && fallback.sourceDescription == "default")
    }

    @Test func everyRenderedValueReadsBackAsTheSameValue() throws {
        let (_, loaded) = try self.loaded("")
        for entry in loaded.entries {
            // Durations and sizes may be written another way than the default text; they
            // must read back to the same value.
            let reread = try Fixture.configuration("\(entry.key.name)=\(entry.value)\n")
            #expect(entry.key.binding.render(reread) == entry.value, "\(entry.key.name)")
        }
        #expect(try self.entry("EventRetention", in: loaded).value == "30d")
        #expect(try self.entry("PortRange", in: loaded).value == "6000-7000")
    }

    @Test func portRangeSetsTheOriginOfBothBounds() throws {
        let (path, loaded) = try self.loaded("PortRange=7000-7100\n")
        #expect(try self.entry("PortRangeEnd", in: loaded).value == "7100")
        #expect(try self.entry("PortRangeStart", in: loaded).sourceDescription == "\(path):1")
    }

    @Test func aReloadAppliesLiveKeysAndKeepsRestartKeysAndQPULines() throws {
        let (_, running) = try self.loaded("IdleThreshold=5s\nServerPort=8090\nQPUName=a Executor=sim Qubits=2\n")
        let (path, fresh) = try self.loaded(
            "IdleThreshold=42s\nServerPort=9999\nMaxQubits=64\nQPUName=b Executor=sim Qubits=2\n")
        let (inForce, changes) = running.applying(fresh)
        #expect(changes.applied == ["IdleThreshold"])  // MaxQubits=64 is its default: no change
        #expect(changes.needRestart == ["ServerPort", ConfigurationChanges.qpuLines])
        #expect(inForce.configuration.idleThreshold == .seconds(42))
        #expect(inForce.configuration.serverPort == 8090)
        #expect(inForce.configuration.qpus.map(\.name) == ["a"])
        #expect(try self.entry("IdleThreshold", in: inForce).sourceDescription == "\(path):1")
        #expect(try self.entry("ServerPort", in: inForce).sourceDescription.hasSuffix(":2"))
        #expect(try self.entry("ServerPort", in: inForce).sourceDescription != "\(path):2")
    }

    @Test func onlyListedKeysAreLive() {
        let restart = ConfigurationLoader.keys.filter { !$0.isLive }.map(\.name)
        #expect(
            restart.contains("ControlPort") && restart.contains("StateSaveLocation") && restart.contains("TLSCertFile"))
        #expect(ConfigurationLoader.keys.first { $0.name == "IdleThreshold" }?.isLive == true)
        #expect(Set(ConfigurationLoader.keys.map(\.name)).isSuperset(of: ConfigurationKey.liveNames))
    }

    @Test func debugLevelTakesSlurmNamesAndDrivesTheSwiftLogLevel() throws {
        let verbose = try Fixture.configuration("DebugLevel=verbose\n")
        #expect(verbose.debugLevel == .verbose && verbose.logLevel == .debug)
        let quiet = try Fixture.configuration("DebugLevel=quiet\n")
        #expect(quiet.debugLevel == .quiet && quiet.logLevel == .critical)
        #expect(try Fixture.configuration("DebugLevel=debug3\n").logLevel == .trace)
        // The environment's LogLevel beats the file's DebugLevel: one setting, two spellings.
        let layered = try Fixture.configuration("DebugLevel=debug\n", environment: ["QPI_LOG_LEVEL": "error"])
        #expect(layered.logLevel == .error && layered.debugLevel == .error)
    }

    @Test func debugLevelAndLogLevelInOneFileAreRefused() {
        let (path, diagnostics) = Fixture.diagnostics("DebugLevel=debug\nLogLevel=info\n")
        #expect(diagnostics.map(\.code) == [.conflictingKeys])
        #expect(diagnostics.first?.location == .file(path: path, line: 2))
    }

    @Test func aBadDebugLevelNamesTheLevels() {
        let (_, diagnostics) = Fixture.diagnostics("DebugLevel=loud\n")
        #expect(diagnostics.first?.message.contains("quiet, fatal, error, info, verbose, debug") == true)
    }

    @Test func theShippedFileMarksExactlyTheRestartKeys() throws {
        let lines = try String(contentsOfFile: ShippedConfTests.path, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        for key in ConfigurationLoader.keys {
            let index = try #require(lines.firstIndex { $0.hasPrefix("#\(key.name)=") || $0.hasPrefix("\(key.name)=") })
            var start = index
            while start > 0, lines[start - 1].hasPrefix("#") { start -= 1 }
            let marked = lines[start..<index].contains { $0.hasPrefix("# [restart]") }
            #expect(marked == !key.isLive, "\(key.name) is \(key.isLive ? "live" : "restart-only")")
        }
    }
}
