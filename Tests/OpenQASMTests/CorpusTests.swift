import Foundation
import OpenQASM
import Testing

/// Every circuit of the shared corpus (QASMBench and the OpenQASM examples) must parse
/// with the widths the reference loader (Qiskit) found.
struct CorpusTests {
    /// What `*.expected.json` records about a corpus file; only the fields checked here.
    struct Expectation: Decodable {
        var qubits: Int
        var clbits: Int
        var qasmVersion: String

        enum CodingKeys: String, CodingKey {
            case qubits, clbits
            case qasmVersion = "qasm_version"
        }
    }

    /// `QPI_QASM_CORPUS`, or `../shared/qasm-corpus` beside the repository root, which is
    /// three levels above this file.
    static var corpusDirectory: URL {
        if let path = ProcessInfo.processInfo.environment["QPI_QASM_CORPUS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent("../shared/qasm-corpus").standardizedFileURL
    }

    @Test func everyCorpusFileParsesWithTheReferenceWidths() throws {
        let directory = Self.corpusDirectory
        // A missing corpus must fail the test, not skip it: this throws.
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".qasm") }
            .sorted()
        #expect(names.count >= 20, "expected the corpus at \(directory.path), found \(names.count) files")
        for name in names {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            let expectationURL = directory.appendingPathComponent(
                String(name.dropLast(".qasm".count)) + ".expected.json")
            let expected = try JSONDecoder().decode(Expectation.self, from: Data(contentsOf: expectationURL))
            let program: Program
            do {
                program = try QASMParser.parse(SourceFile(name: name, text: text))
            } catch {
                Issue.record("\(name) does not parse:\n\(error.detailedDescription())")
                continue
            }
            #expect(program.circuits.count == 1, "\(name)")
            #expect(program.circuits.first?.qubitCount == expected.qubits, "\(name)")
            #expect(program.circuits.first?.clbitCount == expected.clbits, "\(name)")
            #expect(program.version.hasPrefix(expected.qasmVersion), "\(name): version \(program.version)")
        }
    }

    @Test func teleportUsesLooseBits() throws {
        let url = Self.corpusDirectory.appendingPathComponent("openqasm3_teleport.qasm")
        let text = try String(contentsOf: url, encoding: .utf8)
        let circuit = try #require(
            try QASMParser.parse(SourceFile(name: "openqasm3_teleport.qasm", text: text)).circuits.first)
        #expect(circuit.classicalRegisters.isEmpty)
        #expect(circuit.clbitCount == 3)
        let conditions = circuit.instructions.compactMap(\.condition)
        #expect(conditions == [Condition(clbits: [0], value: 1), Condition(clbits: [1], value: 1)])
    }
}
