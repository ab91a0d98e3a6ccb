import Foundation
import QPICore
import Testing

@testable import QPIConfig

struct StructuredFileTests {
    @Test func jsonFileWithReferenceSpellingsAndQPUs() throws {
        let json = """
            {
              "server_port": 9000,
              "IdleThreshold": "2s",
              "log-level": "debug",
              "admin_users": ["alice", "bob"],
              "disable_email_password_auth": true,
              "port_range_start": 6100,
              "oauth2_providers": [{"name": "lab", "scopes": ["openid", "read"], "enabled": true, "issuer": "https://login.lab.example", "clientId": "qpi"}],
              "qpus": [
                {"name": "sim0", "executor": "sim", "qubits": 24},
                {"QPUName": "hw[1-2]", "Executor": "qblox", "Qubits": 5, "state": "DRAIN", "reason": "calibrating"}
              ]
            }
            """
        let (path, result) = Fixture.load(json, name: "qpi.json")
        let config = try result.get()
        #expect(config.serverPort == 9_000)
        #expect(config.idleThreshold == .seconds(2))
        #expect(config.logLevel == .debug)
        #expect(config.adminUsers == ["alice", "bob"])
        #expect(config.disableEmailPasswordAuth)
        #expect(config.portRange == 6100...7000)
        #expect(config.sourcePath == path)
        #expect(config.qpus.map(\.name) == ["sim0", "hw1", "hw2"])
        #expect(config.qpus[1].state == .drain)
        #expect(config.qpus[1].reason == "calibrating")
        #expect(config.qpus[0].location == .file(path: path, line: nil))

        let providers = try #require(
            try JSONSerialization.jsonObject(with: Data(config.oauth2Providers.utf8)) as? [[String: Any]]
        )
        #expect(providers.first?["name"] as? String == "lab")
        #expect(providers.first?["scopes"] as? [String] == ["openid", "read"])
        #expect(providers.first?["enabled"] as? Bool == true)
    }

    @Test func yamlFileWithLinesInErrors() throws {
        let yaml = """
            server_port: 9000
            idle_threshold: 1m30s
            admin_users: [alice]
            oauth2_providers:
              - name: lab
                issuer: https://login.lab.example
                client_id: "abc"
            qpus:
              - name: sim0
                executor: sim
                qubits: 24
              - {name: sim1, executor: sim, qubits: 12, executor_command: "python3 -m qpi_executors"}
            """
        for name in ["qpi.yaml", "qpi.yml"] {
            let config = try Fixture.configuration(yaml, name: name)
            #expect(config.serverPort == 9_000)
            #expect(config.idleThreshold == .seconds(90))
            #expect(config.adminUsers == ["alice"])
            #expect(config.qpus.map(\.name) == ["sim0", "sim1"])
            #expect(config.qpus[1].executorCommand == "python3 -m qpi_executors")
            let providers =
                try JSONSerialization.jsonObject(with: Data(config.oauth2Providers.utf8)) as? [[String: Any]]
            #expect(providers?.first?["client_id"] as? String == "abc")
        }
    }

    @Test func yamlErrorsCarryTheirLine() {
        let yaml = """
            server_port: 9000
            idle_treshold: 5s
            qpus:
              - name: sim0
                executor: sim
                qubits: many
            """
        let (path, diagnostics) = Fixture.diagnostics(yaml, name: "qpi.yaml")
        #expect(diagnostics.map(\.code) == [.unknownKey, .invalidValue])
        #expect(diagnostics.map(\.location) == [.file(path: path, line: 2), .file(path: path, line: 6)])
        #expect(diagnostics.first?.message == "unknown key 'idle_treshold' (did you mean 'IdleThreshold'?)")
    }

    @Test func jsonKeyErrorsNameTheFileWithoutLine() {
        let (path, diagnostics) = Fixture.diagnostics(#"{"server_port": "http", "colour": "blue"}"#, name: "qpi.json")
        #expect(diagnostics.map(\.code) == [.unknownKey, .invalidValue])
        #expect(diagnostics.allSatisfy { $0.location == .file(path: path, line: nil) })
        #expect(diagnostics.first?.description == "\(path): error: unknown key 'colour'")
    }

    @Test func jsonSyntaxErrorsGiveTheLineWhenKnown() {
        let (path, diagnostics) = Fixture.diagnostics("{\n  \"server_port\": 9000,\n  oops\n}\n", name: "qpi.json")
        #expect(diagnostics.map(\.code) == [.malformedFile])
        #expect(diagnostics.map(\.location) == [.file(path: path, line: 3)])
        #expect(diagnostics.first?.message.hasPrefix("not valid JSON") == true)
    }

    @Test func yamlSyntaxErrorsGiveTheLine() {
        let (path, diagnostics) = Fixture.diagnostics(
            "server_port: 9000\nqpus: [a, b\nlog_level: info\n", name: "qpi.yaml")
        #expect(diagnostics.map(\.code) == [.malformedFile])
        #expect(diagnostics.first?.message.hasPrefix("not valid YAML: ") == true)
        if case .file(let reported, let line) = diagnostics.first?.location {
            #expect(reported == path)
            #expect(line != nil)
        } else {
            Issue.record("YAML syntax error without file location")
        }
    }

    @Test func structuredFilesMustBeObjectsWithAQPUList() {
        let (_, array) = Fixture.diagnostics("[1, 2]", name: "qpi.json")
        #expect(array.map(\.code) == [.malformedFile])
        #expect(array.map(\.message) == ["expected an object of configuration keys at the top level"])

        let (_, qpus) = Fixture.diagnostics("qpus: sim0\n", name: "qpi.yaml")
        #expect(qpus.map(\.message) == ["expected 'qpus' to be a list of QPU objects"])

        let (_, entries) = Fixture.diagnostics("qpus: [sim0]\n", name: "qpi.yaml")
        #expect(entries.map(\.code) == [.malformedFile])
    }

    @Test func emptyYAMLFileMeansDefaults() throws {
        var expected = QPIConfiguration()
        let config = try Fixture.configuration("# nothing set\n", name: "qpi.yaml")
        expected.sourcePath = config.sourcePath
        #expect(config == expected)
    }

    @Test func sameKeyInTwoSpellingsIsADuplicate() {
        let (_, diagnostics) = Fixture.diagnostics("server_port: 9000\nServerPort: 9001\n", name: "qpi.yaml")
        #expect(diagnostics.map(\.code) == [.duplicateKey])
    }
}
