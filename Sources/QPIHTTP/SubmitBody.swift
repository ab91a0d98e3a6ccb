import Foundation
import HTTPTypes
import Hummingbird
import OpenQASM
import QPIController
import QPICore
import QPIJobScript
import QPIWire

/// What `POST /api/jobs` checks before a submission reaches the controller.
struct SubmitLimits: Sendable {
    /// Circuits in one job.
    var circuits: Int
    /// UTF-8 bytes of one circuit's text (MaxJobFileSize).
    var bytesPerCircuit: Int
    /// Instructions all circuits together may expand to.
    var instructions: Int
}

/// `POST /api/jobs`: the reference client's shape (`circuits`, `shots`, `qpu`, `name`)
/// plus qsub's options.
struct SubmitBody: Decodable, Sendable {
    struct Circuit: Decodable, Sendable {
        /// OpenQASM 2.0 or 3 text.
        var circuit: String
    }

    var circuits: [Circuit]
    var shots: Int?
    var qpu: String?
    var name: String?
    /// Time limit in qsub's formats (`30s`, `5m`, `HH:MM:SS`, …).
    var time: String?
    var seed: UInt64?
    /// -10000…10000; only administrators may go above 0.
    var priority: Int?
    /// Submit held (released by `qctl job release`).
    var hold: Bool?
    /// `afterok:ID[:ID]`, as `qsub --dependency`.
    var dependency: String?
    /// Task indices of a job array (`0-99%4`), as `qsub --array`.
    var array: String?
    /// Earliest start in `qsub --begin`'s forms, read in the controller's zone.
    var begin: String?
    /// Free text kept with the job (`qsub --comment`).
    var comment: String?
    /// Key → value for the QPU's executor (`qsub --executor-option`).
    var executorOptions: [String: String]?
    /// `qsub --mail-type`, `--mail-user` and `--notify-url`.
    var mailType: String?
    var mailUser: String?
    var notifyUrl: String?

    /// The submission the command layer takes: the circuits parsed as `qsub` parses files,
    /// and the options validated by the same rules as qsub's flags.
    ///
    /// `qsub` expands circuits on the user's machine; here the controller does it, so the
    /// cheap checks come first (how many circuits, how long each is: 413 beyond
    /// `limits`), and the expansion itself may produce at most `limits.instructions`
    /// instructions over all circuits (413 beyond), on `pool` (503 when it is full).
    /// Nodes expand circuits again, in full, when they run them.
    func request(limits: SubmitLimits, pool: BlockingWorkPool) async throws(APIError) -> SubmitRequest {
        let body = self
        let outcome: Result<SubmitRequest, APIError>
        do throws(WireError) {
            outcome = try await pool.run { Result { () throws(APIError) in try body.request(limits: limits) } }
        } catch {
            throw APIError(error)
        }
        return try outcome.get()
    }

    /// ``request(limits:pool:)`` on the caller's thread.
    func request(limits: SubmitLimits) throws(APIError) -> SubmitRequest {
        guard !self.circuits.isEmpty else {
            throw APIError(.invalidArgument, "a job needs at least one circuit", field: "circuits")
        }
        guard self.circuits.count <= limits.circuits else {
            throw APIError(
                .tooLarge,
                "a job submitted over HTTP holds at most \(limits.circuits) circuits, got \(self.circuits.count)",
                field: "circuits")
        }
        for (index, circuit) in self.circuits.enumerated() where circuit.circuit.utf8.count > limits.bytesPerCircuit {
            throw APIError(
                .tooLarge,
                "circuits[\(index)].circuit is \(circuit.circuit.utf8.count) bytes, over MaxJobFileSize=\(limits.bytesPerCircuit)",
                field: "circuits[\(index)].circuit")
        }
        let sources = self.circuits.enumerated().map { index, circuit in
            SourceFile(name: "circuits[\(index)]", text: circuit.circuit)
        }
        let script: JobScript
        do {
            script = try JobScriptParser.parse(sources, instructionBudget: limits.instructions)
        } catch {
            guard error.exceedsLimit else {
                throw APIError(.invalidArgument, error.description, field: "circuits")
            }
            throw APIError(
                .tooLarge,
                "\(error.description)\nThe controller expands at most \(limits.instructions) instructions per HTTP "
                    + "submission; submit larger jobs with qsub, which expands them on your machine",
                field: "circuits")
        }
        var options = JobOptions()
        let given: [(String, String?)] = [
            ("shots", self.shots.map(String.init)), ("qpu", self.qpu), ("name", self.name), ("time", self.time),
            ("seed", self.seed.map(String.init)), ("begin", self.begin), ("comment", self.comment),
            ("mail-type", self.mailType), ("mail-user", self.mailUser), ("notify-url", self.notifyUrl),
            ("array", self.array),
        ]
        for (option, value) in given {
            guard let value else { continue }
            do {
                try options.set(option: option, value: value)
            } catch {
                throw APIError(
                    .invalidArgument, "\(error)", field: option.replacingOccurrences(of: "-", with: "_"))
            }
        }
        // Sorted, so that of several bad keys the same one is named every time.
        for (key, value) in (self.executorOptions ?? [:]).sorted(by: { $0.key < $1.key }) {
            do {
                try options.setExecutorOption(key: key, value: value, option: "executor_options")
            } catch {
                var refused = error
                refused.spelling = .key
                throw APIError(.invalidArgument, "\(refused)", field: "executor_options")
            }
        }
        if let priority = self.priority, !(-10_000...10_000).contains(priority) {
            throw APIError(.invalidArgument, "priority must be in -10000...10000, got \(priority)", field: "priority")
        }
        var dependency: JobDependency?
        if let text = self.dependency {
            do {
                dependency = try JobDependency(parsing: text)
            } catch {
                throw APIError(.invalidArgument, "\(error)", field: "dependency")
            }
        }
        var merged = script.options.overlaid(with: options)
        if merged.name == nil { merged.name = "api-job" }
        return SubmitRequest(
            scripts: sources.map { ScriptFile(name: $0.name, text: $0.text) }, options: merged,
            circuitCount: script.circuits.count, qubits: script.qubits, hold: self.hold ?? false,
            priority: self.priority, dependency: dependency)
    }
}
