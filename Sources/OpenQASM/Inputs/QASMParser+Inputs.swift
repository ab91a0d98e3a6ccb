extension QASMParser {
    /// The OpenQASM 3 `input` declarations of a job script, in the order written.
    ///
    /// - Throws: `QASMError` when a declaration is malformed, is not at global scope, is
    ///   in an OpenQASM 2.0 program, has a type an input cannot have, or names what
    ///   another declaration also names.
    public static func inputs(of source: SourceFile) throws(QASMError) -> [ProgramInput] {
        guard let scan = InputScan(source) else { return [] }
        guard scan.diagnostics.isEmpty else { throw QASMError(diagnostics: scan.diagnostics) }
        return scan.inputs
    }

    /// The job script with its inputs bound: each `input` declaration blanked out (its
    /// line breaks kept, so every other statement keeps its line and column) and each
    /// later use of an input's name replaced by a literal of its value. The result is
    /// plain OpenQASM that any executor reads, and parses to the circuit the same
    /// program with the literals written by hand would.
    ///
    /// A job script without inputs, given no values, comes back unchanged.
    ///
    /// - Parameter values: The value of every input by name, as a user typed it: `0.5`,
    ///   `-3`, `1e-3`, `true`.
    /// - Throws: `QASMError` with every problem `inputs(of:)` finds, and every input
    ///   without a value, value not of its input's type, and value for a name that is
    ///   not an input.
    public static func bind(_ source: SourceFile, values: [String: String]) throws(QASMError) -> SourceFile {
        let scan = InputScan(source)
        let inputs = scan?.inputs ?? []
        var diagnostics = scan?.diagnostics ?? []
        var literals: [String] = []
        for input in inputs {
            guard let text = values[input.name] else {
                diagnostics.append(Message.unboundInput(input.name, type: input.type).diagnostic(at: input.location))
                continue
            }
            do {
                literals.append(try input.type.literal(for: text))
            } catch {
                diagnostics.append(
                    Message.invalidInputValue(input, value: text, error).diagnostic(at: input.location))
            }
        }
        let declared = inputs.map(\.name)
        // No place in the program is wrong about a name it does not have; the message
        // lists what it does declare.
        let start = SourceLocation(file: source.name, line: 1, column: 1)
        for name in values.keys.sorted() where !declared.contains(name) {
            diagnostics.append(Message.unknownInput(name, file: source.name, declared: declared).diagnostic(at: start))
        }
        guard diagnostics.isEmpty else { throw QASMError(diagnostics: diagnostics) }
        guard let scan, !inputs.isEmpty else { return source }
        return SourceFile(name: source.name, text: scan.rewritten(with: literals))
    }
}
