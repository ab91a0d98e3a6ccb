import Foundation

/// The shared OpenQASM corpus (`../shared/qasm-corpus/` beside the project, or
/// `$QPI_QASM_CORPUS`): circuits with their reference probabilities, and the statistical
/// check that a sampled distribution matches them.
public enum CorpusReference {
    /// What `NAME.expected.json` says about `NAME.qasm`.
    public struct Expected: Decodable, Sendable {
        public var qubits: Int
        public var clbits: Int
        /// The probabilities were themselves sampled (from `shots` shots), not computed.
        public var sampled: Bool
        public var shots: Int?
        public var probabilities: [String: Double]
    }

    /// Probability that a correct simulator fails one circuit's check.
    public static let falseAlarmRate = 1e-9

    /// The corpus directory.
    /// - Throws: ``HarnessError`` naming where it looked.
    public static func directory() throws -> URL {
        let repositoryRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidate =
            ProcessInfo.processInfo.environment["QPI_QASM_CORPUS"].map { URL(fileURLWithPath: $0) }
            ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/qasm-corpus")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw HarnessError("OpenQASM corpus not found at \(candidate.path); set QPI_QASM_CORPUS")
        }
        return candidate
    }

    /// The text of `NAME.qasm` and its reference.
    public static func circuit(_ name: String) throws -> (text: String, expected: Expected) {
        let directory = try self.directory()
        let text = try String(contentsOf: directory.appendingPathComponent("\(name).qasm"), encoding: .utf8)
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: directory.appendingPathComponent("\(name).expected.json")))
        return (text, expected)
    }

    /// Why `counts` from `shots` shots do not match `expected`, or nil when they do: their
    /// total-variation distance from the reference must stay within
    /// ``totalVariationBound(outcomes:shots:)``, widened when the reference was sampled too.
    public static func mismatch(counts: [String: Int], shots: Int, expected: Expected) -> String? {
        let outcomes = Set(counts.keys).union(expected.probabilities.keys)
        var distance = 0.0
        for outcome in outcomes {
            let observed = Double(counts[outcome] ?? 0) / Double(shots)
            distance += abs(observed - (expected.probabilities[outcome] ?? 0))
        }
        distance /= 2
        let support = max(1, expected.probabilities.values.filter { $0 > 0 }.count)
        var bound = self.totalVariationBound(outcomes: support, shots: shots)
        if expected.sampled {
            bound += self.totalVariationBound(outcomes: support, shots: expected.shots ?? 10_000)
        }
        guard distance > bound else { return nil }
        let unexpected = counts.keys.filter { expected.probabilities[$0] == nil }.sorted().prefix(5)
        return "TV distance \(distance) > \(bound); outcomes not in the reference: \(Array(unexpected))"
    }

    /// A total-variation radius that an empirical distribution over `outcomes` values
    /// from `shots` samples exceeds with probability at most ``falseAlarmRate``
    /// (Bretagnolle–Huber–Carol: P(TV ≥ ε) ≤ 2^k e^{-2Nε²}).
    public static func totalVariationBound(outcomes: Int, shots: Int) -> Double {
        ((Double(outcomes) * log(2) + log(1 / Self.falseAlarmRate)) / (2 * Double(shots))).squareRoot()
    }
}
