import Foundation
import Testing

@testable import QPIConfig

/// The `etc/qpi.conf` shipped in the repository.
struct ShippedConfTests {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("etc/qpi.conf").path

    @Test func loadsWithTwoDemoQPUsAndThePrivateMungeSocketAndOtherwiseDefaults() throws {
        let config = try ConfigurationLoader.load(arguments: ["--conf", Self.path], environment: [:], searchPaths: [])
        #expect(config.qpus.map(\.name) == ["sim0", "sim1"])
        #expect(config.qpus.allSatisfy { $0.executor == "sim" && $0.qubits == 24 && $0.state == nil })
        #expect(config.stateSaveLocation == "var/state")
        // The demo cluster's private munged (scripts/local-cluster).
        #expect(config.mungeSocket == "var/munge/munge.socket")
        var expected = QPIConfiguration()
        expected.qpus = config.qpus
        expected.mungeSocket = "var/munge/munge.socket"
        expected.sourcePath = Self.path
        #expect(config == expected)
    }

    @Test func documentsEveryKeyAtItsDefaultWithAComment() throws {
        let lines = try String(contentsOfFile: Self.path, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        for key in ConfigurationLoader.keys {
            let index = lines.firstIndex { $0.hasPrefix("#\(key.name)=") || $0.hasPrefix("\(key.name)=") }
            guard let index else {
                Issue.record("etc/qpi.conf does not mention \(key.name)")
                continue
            }
            let line = lines[index]
            if line.hasPrefix("#") {
                #expect(line == "#\(key.name)=\(key.defaultText)", "a commented-out key shows its default")
            }
            let explanation = lines[..<index].last { !Self.isSetting($0) }
            #expect(explanation?.hasPrefix("# ") == true, "\(key.name) has an explanation above it")
        }
    }

    /// `Key=Value` or `#Key=Value`, as opposed to prose comments, which start with `# `.
    private static func isSetting(_ line: Substring) -> Bool {
        let body = line.hasPrefix("#") ? line.dropFirst() : line
        return body.first?.isLetter == true && body.contains("=")
    }
}
