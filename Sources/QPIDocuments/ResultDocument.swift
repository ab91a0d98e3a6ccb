import FoundationEssentials
import QPICore

/// The JSON document `qsim --json` and `qresult --json` print: Qiskit-style top-level
/// fields around one `CircuitResult` per circuit.
public struct ResultDocument: Sendable, Codable {
    public var backendName: String
    public var success: Bool
    public var jobID: String?
    public var shots: Int
    public var timeTaken: Double
    public var results: [CircuitResult]

    public init(backendName: String, jobID: String? = nil, results: [CircuitResult]) {
        self.backendName = backendName
        self.success = true
        self.jobID = jobID
        self.shots = results.first?.shots ?? 0
        self.timeTaken = results.reduce(0) { $0 + $1.timeTaken }
        self.results = results
    }

    enum CodingKeys: String, CodingKey {
        case backendName = "backend_name"
        case success
        case jobID = "job_id"
        case shots
        case timeTaken = "time_taken"
        case results
    }

    /// Pretty-printed JSON with sorted keys, so output is stable for scripts and tests.
    public func jsonText() throws -> String {
        try Self.json(self)
    }

    /// The documents of an array's tasks as one JSON list, formatted as ``jsonText()``.
    public static func jsonList(_ documents: [ResultDocument]) throws -> String {
        try Self.json(documents)
    }

    private static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
