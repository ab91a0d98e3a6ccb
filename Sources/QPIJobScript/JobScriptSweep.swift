import OpenQASM
import QPICore

/// A job script whose OpenQASM 3 `input`s are bound once per task of an array: a parameter
/// sweep (`--param`), or an array whose tasks read their index (`input int array_task_id`).
public struct SweptJobScript: Sendable {
    /// The array's tasks: `--array`'s, or 0 to N-1 for a sweep of N bindings.
    public var array: JobArray
    /// Each task's sources with its values written in, in task order.
    public var taskSources: [[SourceFile]]
    /// The options of the first task's directive lines.
    public var options: JobOptions
    /// Circuits of one task (every task has as many) and the widest task's qubits.
    public var circuitCount: Int
    public var qubits: Int
    public var warnings: [Diagnostic]
}

extension JobScriptParser {
    /// Whether any of `sources` declares an `input`, making it a sweep's script.
    public static func declaresInputs(_ sources: [SourceFile]) throws(JobScriptError) -> Bool {
        for source in sources where try !self.inputs(of: source).isEmpty { return true }
        return false
    }

    /// The options of the directive lines of sources that declare inputs, read from the
    /// sources bound to placeholder values (the directives do not depend on them); nil when
    /// the sources do not parse with those values.
    public static func directiveOptions(ofSweep sources: [SourceFile], includes: IncludeResolver? = nil)
        throws(JobScriptError) -> JobOptions?
    {
        var bound: [SourceFile] = []
        for source in sources {
            var values: [String: String] = [:]
            for input in try self.inputs(of: source) {
                if case .bool = input.type { values[input.name] = "true" } else { values[input.name] = "1" }
            }
            guard let placeholder = try? QASMParser.bind(source, values: values) else { return nil }
            bound.append(placeholder)
        }
        return (try? self.parse(bound, includes: includes))?.options
    }

    /// Binds every task's values into `sources` and parses each task, so that a value that
    /// breaks the program (a size, a loop bound) is refused at submission with its
    /// `file:line:col`.
    ///
    /// `options` gives the array (`--array`), the parameters (`--param`) and whether they
    /// combine (`--param-product`). Each task binds its parameters' values and, where a script
    /// declares `array_task_id`, its own index.
    /// - Throws: `JobOptionError` when the array and the parameters disagree, `JobScriptError`
    ///   for the scripts.
    public static func sweep(
        _ sources: [SourceFile], options: JobOptions, includes: IncludeResolver? = nil, instructionBudget: Int? = nil
    ) throws -> SweptJobScript {
        let parameters = options.parameters ?? []
        let bindings = try SweepParameter.bindings(parameters, product: options.parameterProduct ?? false)
        let array: JobArray
        if let given = options.array {
            guard bindings.isEmpty || bindings.count == given.tasks.count else {
                throw JobOptionError(
                    option: "array", value: nil,
                    reason: .invalidArray(
                        "it has \(given.tasks.count) tasks and the parameters give \(bindings.count) sets of values"))
            }
            array = given
        } else {
            guard !bindings.isEmpty else { throw try self.unbound(sources) }
            array = JobArray(tasks: Array(0..<bindings.count))
        }
        let declared = try sources.map { source throws(JobScriptError) in try self.inputs(of: source).map(\.name) }
        let allDeclared = Set(declared.joined())
        for parameter in parameters where !allDeclared.contains(parameter.name) {
            throw JobScriptError(lines: [
                "\(sources.map(\.name).joined(separator: ", ")): error: no input '\(parameter.name)' to bind; "
                    + "the job scripts declare \(allDeclared.isEmpty ? "none" : allDeclared.sorted().joined(separator: ", "))"
            ])
        }

        var taskSources: [[SourceFile]] = []
        var first: JobScript?
        var qubits = 0
        for (index, task) in array.tasks.enumerated() {
            var values = bindings.isEmpty ? [:] : bindings[index]
            values[SweepParameter.taskIndexInput] = String(task)
            var bound: [SourceFile] = []
            for (source, names) in zip(sources, declared) {
                do {
                    bound.append(try QASMParser.bind(source, values: values.filter { names.contains($0.key) }))
                } catch {
                    throw JobScriptError(lines: error.diagnostics.map { "\($0) (task \(task))" })
                }
            }
            let script = try self.parse(bound, includes: includes, instructionBudget: instructionBudget)
            if let first, script.circuits.count != first.circuits.count {
                throw JobScriptError(lines: [
                    "\(sources[0].name): error: task \(task) has \(script.circuits.count) circuits and task "
                        + "\(array.tasks[0]) \(first.circuits.count): every task of a sweep runs as many"
                ])
            }
            first = first ?? script
            qubits = max(qubits, script.qubits)
            taskSources.append(bound)
        }
        return SweptJobScript(
            array: array, taskSources: taskSources, options: first?.options ?? JobOptions(),
            circuitCount: first?.circuits.count ?? 0, qubits: qubits, warnings: first?.warnings ?? [])
    }

    /// Why scripts that declare inputs cannot run without an array or parameters: each input
    /// without a value at its declaration, or, when only the task index is declared, that it
    /// needs an array.
    private static func unbound(_ sources: [SourceFile]) throws -> any Error {
        var lines: [String] = []
        for source in sources {
            let names = try self.inputs(of: source).map(\.name)
            guard names.contains(where: { $0 != SweepParameter.taskIndexInput }) else { continue }
            let index = names.contains(SweepParameter.taskIndexInput) ? [SweepParameter.taskIndexInput: "0"] : [:]
            do {
                _ = try QASMParser.bind(source, values: index)
            } catch {
                lines += error.diagnostics.map(\.description)
            }
        }
        guard lines.isEmpty else { return JobScriptError(lines: lines) }
        return JobOptionError(
            option: "array", value: nil,
            reason: .invalidArray("input \(SweepParameter.taskIndexInput) takes each task's index: submit an array"))
    }

    private static func inputs(of source: SourceFile) throws(JobScriptError) -> [ProgramInput] {
        do {
            return try QASMParser.inputs(of: source)
        } catch {
            throw JobScriptError(lines: error.diagnostics.map(\.description))
        }
    }
}
