import OpenQASM
import QPICore

/// A parsed job: its circuits and the options its `// QPI` directive lines set.
public struct JobScript: Sendable {
    public var circuits: [Circuit]
    /// Options from the directive lines of the first file (later files add circuits only).
    public var options: JobOptions
    /// The OpenQASM source of each file, in order, as sent to executors.
    public var sources: [SourceFile]
    /// Non-fatal diagnostics, such as a missing `OPENQASM` line.
    public var warnings: [Diagnostic]

    /// Qubits of the widest circuit.
    public var qubits: Int { self.circuits.map(\.qubitCount).max() ?? 0 }
}

/// Why a job script could not be used; prints as `file:line:col: error: …` lines.
public struct JobScriptError: Error, Sendable, CustomStringConvertible {
    public var lines: [String]
    /// Whether a size limit was crossed (instructions, loop iterations, bits, nesting), as
    /// opposed to a mistake in the script.
    public var exceedsLimit: Bool

    public init(lines: [String], exceedsLimit: Bool = false) {
        self.lines = lines
        self.exceedsLimit = exceedsLimit
    }

    public var description: String { self.lines.joined(separator: "\n") }
}

/// Turns job-script texts into circuits and options; no file I/O of its own.
public enum JobScriptParser {
    /// Parses `sources` into one job. Several sources, or one with several `OPENQASM`
    /// sections, make one job with several circuits, like the reference's `circuits=[…]`.
    /// `instructionBudget` bounds the instructions of all circuits of all sources together
    /// (see `QASMParser.parse`); nil leaves only the limit per circuit.
    public static func parse(
        _ sources: [SourceFile], includes: IncludeResolver? = nil, instructionBudget: Int? = nil
    ) throws(JobScriptError) -> JobScript {
        var circuits: [Circuit] = []
        var warnings: [Diagnostic] = []
        var options = JobOptions()
        var problems: [String] = []
        var exceedsLimit = false
        var remaining = instructionBudget
        for (index, source) in sources.enumerated() {
            do {
                let program = try QASMParser.parse(source, includes: includes, instructionBudget: remaining)
                remaining = remaining.map { $0 - program.circuits.reduce(0) { $0 + $1.instructions.count } }
                circuits += program.circuits
                warnings += program.warnings
                if index == 0 {
                    options = try self.options(from: program.directives)
                }
            } catch let error as QASMError {
                problems += error.diagnostics.map(\.description)
                exceedsLimit = exceedsLimit || error.diagnostics.contains { $0.id == .limitExceeded }
            } catch let error as JobScriptError {
                problems += error.lines
            } catch {
                problems.append("\(source.name): error: \(error)")
            }
        }
        guard problems.isEmpty else { throw JobScriptError(lines: problems, exceedsLimit: exceedsLimit) }
        guard !circuits.isEmpty else {
            throw JobScriptError(lines: ["\(sources.first?.name ?? "<input>"): error: the job script holds no circuit"])
        }
        return JobScript(circuits: circuits, options: options, sources: sources, warnings: warnings)
    }

    /// Applies directive lines to a fresh set of options, reporting each bad one at its location.
    public static func options(from directives: [Directive]) throws(JobScriptError) -> JobOptions {
        var options = JobOptions()
        var problems: [String] = []
        for directive in directives {
            do {
                try options.set(option: directive.option, value: directive.value)
            } catch {
                problems.append("\(directive.location): error: \(error)")
            }
        }
        guard problems.isEmpty else { throw JobScriptError(lines: problems) }
        return options
    }
}
