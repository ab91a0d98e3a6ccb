import Foundation
import OpenQASM
import QPIClient
import QPICore
import QPIExecutor
import Testing

/// Runs every circuit of the shared OpenQASM corpus through the loader and the
/// simulator and compares the sampled distribution with the reference probabilities.
struct CorpusTests {
    struct Expected: Decodable {
        var qubits: Int
        var clbits: Int
        var sampled: Bool
        var shots: Int?
        var probabilities: [String: Double]
    }

    static let shots = 100_000
    /// Probability that a correct simulator fails one circuit's check.
    static let falseAlarmRate = 1e-9

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
        let directory = try TestResources.corpusDirectory()
        let path = directory.appendingPathComponent(file).path
        let expectedPath = directory.appendingPathComponent(String(file.dropLast(5)) + ".expected.json")
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: expectedPath))

        let script = try JobScriptLoader.load(paths: [path])
        try #require(script.circuits.count == 1)
        #expect(script.circuits[0].qubitCount == expected.qubits)
        #expect(script.circuits[0].clbitCount == expected.clbits)

        let result = try LocalRunner(shots: Self.shots, seed: 20_261_125).run(script.circuits)[0]
        #expect(result.counts.values.reduce(0, +) == Self.shots)

        let outcomes = Set(result.counts.keys).union(expected.probabilities.keys)
        var distance = 0.0
        for outcome in outcomes {
            let observed = Double(result.counts[outcome] ?? 0) / Double(Self.shots)
            distance += abs(observed - (expected.probabilities[outcome] ?? 0))
        }
        distance /= 2
        let support = max(1, expected.probabilities.values.filter { $0 > 0 }.count)
        var bound = Self.totalVariationBound(outcomes: support, shots: Self.shots)
        if expected.sampled {
            bound += Self.totalVariationBound(outcomes: support, shots: expected.shots ?? 10_000)
        }
        let unexpected = result.counts.keys.filter { expected.probabilities[$0] == nil }.sorted().prefix(5)
        #expect(distance <= bound, "TV distance \(distance) > \(bound); outcomes not in the reference: \(unexpected)")
    }

    /// A total-variation radius that an empirical distribution over `outcomes` values
    /// from `shots` samples exceeds with probability at most `falseAlarmRate`
    /// (Bretagnolle–Huber–Carol: P(TV ≥ ε) ≤ 2^k e^{-2Nε²}).
    static func totalVariationBound(outcomes: Int, shots: Int) -> Double {
        ((Double(outcomes) * log(2) + log(1 / Self.falseAlarmRate)) / (2 * Double(shots))).squareRoot()
    }
}
