import QPICore

/// Messages between `qpid` and an executor child process: the executor protocol
/// (`docs/executor-protocol.md`). Each is a JSON object tagged by `type`.
public enum ExecutorMessage: Sendable, Hashable {
    /// Executor → qpid, first message: what the executor can run.
    case hello(ExecutorHello)
    /// qpid → executor: run one job.
    case run(ExecutorRun)
    /// Executor → qpid: the job's results.
    case result(ExecutorResult)
    /// Executor → qpid: the job failed; the message says why.
    case error(jobID: JobID, message: String)
    /// Executor → qpid, at any time: telemetry such as calibration data.
    case event(kind: String, data: [String: Double])
}

/// What an executor announces about itself.
public struct ExecutorHello: Codable, Sendable, Hashable {
    public var protocolVersion: Int
    public var name: String
    public var qubits: Int
    public var basisGates: [String]
    public var maxShots: Int
    public var midCircuitMeasurement: Bool

    public init(
        protocolVersion: Int, name: String, qubits: Int, basisGates: [String], maxShots: Int,
        midCircuitMeasurement: Bool
    ) {
        self.protocolVersion = protocolVersion
        self.name = name
        self.qubits = qubits
        self.basisGates = basisGates
        self.maxShots = maxShots
        self.midCircuitMeasurement = midCircuitMeasurement
    }

    enum CodingKeys: String, CodingKey {
        case protocolVersion = "protocol"
        case name, qubits
        case basisGates = "basis_gates"
        case maxShots = "max_shots"
        case midCircuitMeasurement = "mid_circuit_measurement"
    }
}

/// A job for an executor. Each entry of `circuits` is an OpenQASM program; an entry may
/// hold several circuits, each starting with its own `OPENQASM` line.
public struct ExecutorRun: Codable, Sendable, Hashable {
    public var jobID: JobID
    public var circuits: [ScriptFile]
    public var shots: Int
    public var seed: UInt64?
    public var options: [String: String]
    /// The job's time limit, after which qpid kills the executor: an executor waiting on
    /// instruments can give up a little earlier and say why.
    public var timeLimitSeconds: Int?

    public init(
        jobID: JobID, circuits: [ScriptFile], shots: Int, seed: UInt64?, options: [String: String] = [:],
        timeLimitSeconds: Int? = nil
    ) {
        self.jobID = jobID
        self.circuits = circuits
        self.shots = shots
        self.seed = seed
        self.options = options
        self.timeLimitSeconds = timeLimitSeconds
    }

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case circuits, shots, seed, options
        case timeLimitSeconds = "time_limit"
    }
}

/// A job's results from an executor.
public struct ExecutorResult: Codable, Sendable, Hashable {
    public var jobID: JobID
    public var results: [CircuitResult]
    /// Seconds the executor measured on the device (or simulator) for the whole job.
    public var deviceSeconds: Double

    public init(jobID: JobID, results: [CircuitResult], deviceSeconds: Double) {
        self.jobID = jobID
        self.results = results
        self.deviceSeconds = deviceSeconds
    }

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case results
        case deviceSeconds = "device_seconds"
    }
}

extension ExecutorMessage: Codable {
    enum TagKeys: String, CodingKey {
        case type, jobID = "job_id", message, kind, data
    }

    public init(from decoder: any Decoder) throws {
        let tags = try decoder.container(keyedBy: TagKeys.self)
        let type = try tags.decode(String.self, forKey: .type)
        switch type {
        case "hello": self = .hello(try ExecutorHello(from: decoder))
        case "run": self = .run(try ExecutorRun(from: decoder))
        case "result": self = .result(try ExecutorResult(from: decoder))
        case "error":
            self = .error(
                jobID: try tags.decode(JobID.self, forKey: .jobID),
                message: try tags.decode(String.self, forKey: .message))
        case "event":
            self = .event(
                kind: try tags.decode(String.self, forKey: .kind),
                data: try tags.decode([String: Double].self, forKey: .data))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: tags, debugDescription: "unknown executor message type '\(type)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var tags = encoder.container(keyedBy: TagKeys.self)
        switch self {
        case .hello(let hello):
            try tags.encode("hello", forKey: .type)
            try hello.encode(to: encoder)
        case .run(let run):
            try tags.encode("run", forKey: .type)
            try run.encode(to: encoder)
        case .result(let result):
            try tags.encode("result", forKey: .type)
            try result.encode(to: encoder)
        case .error(let jobID, let message):
            try tags.encode("error", forKey: .type)
            try tags.encode(jobID, forKey: .jobID)
            try tags.encode(message, forKey: .message)
        case .event(let kind, let data):
            try tags.encode("event", forKey: .type)
            try tags.encode(kind, forKey: .kind)
            try tags.encode(data, forKey: .data)
        }
    }
}
