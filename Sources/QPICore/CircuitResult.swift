/// The outcome of one circuit of a job, in Qiskit's result format.
///
/// Encoded with Qiskit's field names (`counts`, `shots`, `seed`, `time_taken`, `memory`,
/// `statevector`), so the Python provider can hand it to `qiskit.result.Result` as is.
public struct CircuitResult: Sendable, Hashable, Codable {
    /// Circuit name (from the job script).
    public var name: String
    /// Outcome → count, keyed as Qiskit's `get_counts()` prints them: clbit 0 rightmost,
    /// registers separated by a space, the last-declared register leftmost.
    public var counts: [String: Int]
    public var shots: Int
    /// The seed that reproduces this result on the same executor.
    public var seed: UInt64?
    /// Seconds the executor spent on this circuit.
    public var timeTaken: Double
    /// Per-shot outcomes in shot order, when requested.
    public var memory: [String]?
    /// Final amplitudes as `[re, im]` pairs indexed by basis state, when requested.
    public var statevector: [[Double]]?

    public init(
        name: String,
        counts: [String: Int],
        shots: Int,
        seed: UInt64?,
        timeTaken: Double,
        memory: [String]? = nil,
        statevector: [[Double]]? = nil
    ) {
        self.name = name
        self.counts = counts
        self.shots = shots
        self.seed = seed
        self.timeTaken = timeTaken
        self.memory = memory
        self.statevector = statevector
    }

    enum CodingKeys: String, CodingKey {
        case name, counts, shots, seed
        case timeTaken = "time_taken"
        case memory, statevector
    }
}
