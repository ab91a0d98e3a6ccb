import OpenQASM
import Testing

/// A file missing from a test resolver.
struct MissingFile: Error, CustomStringConvertible {
    var path: String
    var description: String { "no such file '\(self.path)'" }
}

/// Parses `text` as the job script `test.qasm`, serving includes from `files`.
func parse(_ text: String, file: String = "test.qasm", files: [String: String]? = nil) throws(QASMError) -> Program {
    var resolver: IncludeResolver?
    if let files {
        resolver = { @Sendable (path: String, _: String) throws -> SourceFile in
            guard let text = files[path] else { throw MissingFile(path: path) }
            return SourceFile(name: path, text: text)
        }
    }
    return try QASMParser.parse(SourceFile(name: file, text: text), includes: resolver)
}

/// Parses `text` and returns its first circuit, recording an issue when it fails.
func firstCircuit(
    _ text: String, files: [String: String]? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> Circuit? {
    do {
        let program = try parse(text, files: files)
        return program.circuits.first
    } catch {
        Issue.record("unexpected errors:\n\(error.detailedDescription())", sourceLocation: sourceLocation)
        return nil
    }
}

/// The operations of the first circuit of `text`.
func operations(
    _ text: String, files: [String: String]? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> [Operation] {
    firstCircuit(text, files: files, sourceLocation: sourceLocation)?.instructions.map(\.operation) ?? []
}

/// Every diagnostic of parsing `text`: the errors of a failed parse, or the warnings of
/// a successful one.
func diagnostics(_ text: String, files: [String: String]? = nil) -> [Diagnostic] {
    do {
        return try parse(text, files: files).warnings
    } catch {
        return error.diagnostics
    }
}

/// Expects a diagnostic `id` at the `1️⃣` marker, written in `marked` (the job script
/// `test.qasm`) or in one of the included `files`; with `noteAtSecondMarker`, it must
/// carry a note at the `2️⃣` marker.
func expectDiagnostic(
    _ id: DiagnosticID,
    _ marked: String,
    severity: Diagnostic.Severity = .error,
    noteAtSecondMarker: Bool = false,
    files: [String: String]? = nil,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    var sources = ["test.qasm": MarkedSource(marked)]
    for (name, text) in files ?? [:] where name != "test.qasm" {
        sources[name] = MarkedSource(text)
    }
    func spot(_ marker: Character) -> OpenQASM.SourceLocation? {
        sources.lazy.compactMap { name, source in
            source.markers[marker].map { OpenQASM.SourceLocation(file: name, line: $0.line, column: $0.column) }
        }.first
    }
    let found = diagnostics(
        sources["test.qasm"]?.text ?? "", files: files.map { $0.mapValues { MarkedSource($0).text } })
    guard let expected = spot("1️⃣") else {
        Issue.record("the test source has no 1️⃣ marker", sourceLocation: sourceLocation)
        return
    }
    expectDiagnostic(
        id, in: found, at: expected, noteAt: noteAtSecondMarker ? spot("2️⃣") : nil, severity: severity,
        sourceLocation: sourceLocation)
}

/// Expects `found` to hold a diagnostic `id` at `location`, carrying a note at `note`
/// when one is given.
func expectDiagnostic(
    _ id: DiagnosticID,
    in found: [Diagnostic],
    at location: OpenQASM.SourceLocation,
    noteAt note: OpenQASM.SourceLocation? = nil,
    severity: Diagnostic.Severity = .error,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    let matches = found.contains { diagnostic in
        diagnostic.id == id && diagnostic.severity == severity && diagnostic.location == location
            && (note.map { note in diagnostic.notes.contains { $0.location == note } } ?? true)
    }
    #expect(
        matches,
        "expected \(severity) \(id) at \(location), found:\n\(found.map(\.description).joined(separator: "\n"))",
        sourceLocation: sourceLocation
    )
}

/// `Gate` shorthand for expectations.
func gate(_ kind: GateKind, _ targets: Int..., parameters: [Double] = [], controls: [Int] = []) -> Operation {
    .gate(Gate(kind, parameters: parameters, controls: controls, targets: targets))
}

/// Whether two operation lists match, angles within 1e-12.
func approximatelyEqual(_ left: [Operation], _ right: [Operation]) -> Bool {
    guard left.count == right.count else { return false }
    return zip(left, right).allSatisfy { pair in
        switch pair {
        case (.gate(let a), .gate(let b)):
            return a.kind == b.kind && a.controls == b.controls && a.targets == b.targets
                && a.parameters.count == b.parameters.count
                && zip(a.parameters, b.parameters).allSatisfy { abs($0 - $1) < 1e-12 }
        default:
            return pair.0 == pair.1
        }
    }
}
