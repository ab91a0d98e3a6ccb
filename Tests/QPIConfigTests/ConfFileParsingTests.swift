import Foundation
import QPICore
import Testing

@testable import QPIConfig

struct ConfFileParsingTests {
    static let sample = """
        # whole-line comment
           # indented comment

        ClusterName=lab#1   # a trailing comment; the '#' in lab#1 is part of the value
        serverport=9000
        IDLETHRESHOLD=1h30m
        Domain=qpi.example.org
        AdminUsers="alice, bob"
        MungeSocket="/run/munge dir/munge.socket"
        OAuth2Providers='[{"name": "lab", "issuer": "https://login.lab.example", "client_id": "qpi"}]'
        SlotCharge=NONE
        LogLevel=Debug
        DisableEmailPasswordAuth=yes
        QPUName=sim0 Executor=sim Qubits=24
        qpuname=hw1 executor=qblox qubits=5 ExecutorCommand="python3 -m qpi_executors --executor qblox" State=drain Reason="cooling # down"
        QPUName=q[01-03] Executor=mock Qubits=2 # three QPUs
        """

    @Test func readsCommentsQuotesAndCaseInsensitiveKeys() throws {
        let config = try Fixture.configuration(Self.sample)
        #expect(config.clusterName == "lab#1")
        #expect(config.serverPort == 9_000)
        #expect(config.idleThreshold == .seconds(5_400))
        #expect(config.domain == "qpi.example.org")
        #expect(config.adminUsers == ["alice", "bob"])
        #expect(config.mungeSocket == "/run/munge dir/munge.socket")
        #expect(
            config.oauth2Providers == #"[{"name": "lab", "issuer": "https://login.lab.example", "client_id": "qpi"}]"#)
        #expect(config.slotCharge == .none)
        #expect(config.logLevel == .debug)
        #expect(config.disableEmailPasswordAuth)
    }

    @Test func readsQPULinesWithOptionalFieldsAndRanges() throws {
        let (path, result) = Fixture.load(Self.sample)
        let qpus = try result.get().qpus
        #expect(qpus.map(\.name) == ["sim0", "hw1", "q01", "q02", "q03"])
        #expect(
            qpus[0] == QPUDeclaration(name: "sim0", executor: "sim", qubits: 24, location: .file(path: path, line: 14)))
        #expect(
            qpus[1]
                == QPUDeclaration(
                    name: "hw1", executor: "qblox", qubits: 5,
                    executorCommand: "python3 -m qpi_executors --executor qblox", state: .drain,
                    reason: "cooling # down", location: .file(path: path, line: 15)
                )
        )
        #expect(
            qpus[2...].allSatisfy {
                $0.executor == "mock" && $0.qubits == 2 && $0.location == .file(path: path, line: 16)
            })
    }

    @Test func acceptsCRLFLineEndingsAndCountsLinesAlike() {
        let (path, diagnostics) = Fixture.diagnostics("ServerPort=9000\r\n\r\nJobTimeout=soon\r\n")
        #expect(diagnostics.map(\.location) == [.file(path: path, line: 3)])
    }

    @Test func emptyValuesAreAllowedWhereTheKeyAcceptsThem() throws {
        let config = try Fixture.configuration("Domain=\nMungeSocket=\nAdminUsers= # nobody\n")
        #expect(config.domain == "")
        #expect(config.mungeSocket == nil)
        #expect(config.adminUsers.isEmpty)
    }

    @Test func severalSettingsMayShareALine() throws {
        let config = try Fixture.configuration("ServerPort=9000 ControlPort=7001\n")
        #expect(config.serverPort == 9_000)
        #expect(config.controlPort == 7_001)
    }

    @Test func disabledStateAndQuotedNames() throws {
        let config = try Fixture.configuration("QPUName=\"hw.2\" Executor=presto Qubits=7 State=DISABLED\n")
        #expect(config.qpus.first?.name == "hw.2")
        #expect(config.qpus.first?.state == .disabled)
        #expect(config.qpus.first?.reason == nil)
    }
}
