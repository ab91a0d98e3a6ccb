import Foundation
import OpenQASM
import QPIClient
import QPICore
import QPIExecutor
import QPIJobScript
import QPITesting
import Testing

/// Runs every circuit of the shared OpenQASM corpus through the loader and the
/// simulator and compares the sampled distribution with the reference probabilities.
struct CorpusTests {
    static let shots = 100_000

    static let circuitFiles: [String] = {
        guard let directory = try? TestResources.corpusDirectory(),
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return ["<corpus directory missing>"] }
        return names.filter { $0.hasSuffix(".qasm") }.sorted()
    }()

    @Test func corpusIsPresent() throws {
        let directory = try TestResources.corpusDirectory()
        #expect(Self.circuitFiles.count >= 20, "expected the shared corpus at \(directory.path)")
    }

    @Test(arguments: Self.circuitFiles)
    func sampledDistributionMatchesReference(file: String) throws {
        let path = try TestResources.corpusDirectory().appendingPathComponent(file).path
        let expected = try CorpusReference.circuit(String(file.dropLast(5))).expected

        let script = try JobScriptLoader.load(paths: [path])
        try #require(script.circuits.count == 1)
        #expect(script.circuits[0].qubitCount == expected.qubits)
        #expect(script.circuits[0].clbitCount == expected.clbits)

        let result = try LocalRunner(shots: Self.shots, seed: 20_261_125).run(script.circuits)[0]
        #expect(result.counts.values.reduce(0, +) == Self.shots)

        let mismatch = CorpusReference.mismatch(counts: result.counts, shots: Self.shots, expected: expected)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }
}
