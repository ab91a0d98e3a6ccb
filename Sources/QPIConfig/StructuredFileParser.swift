import FoundationEssentials

/// Reads JSON and YAML configuration files: one object whose members are configuration
/// keys (any spelling `ConfigurationKey.named` accepts), plus `qpus`, a list of objects
/// with the fields of a `QPUName=` line.
///
/// Lists of plain values become comma-separated text (`admin_users: [alice, bob]`), and
/// nested objects become JSON text (`oauth2_providers`), so the same value checks apply
/// as for `qpi.conf`.
enum StructuredFileParser {
    enum Format {
        case json, yaml
    }

    /// The entries of `text`, or a diagnostic when it does not parse or is not an object.
    static func parse(_ text: String, path: String, format: Format) -> (FileDocument, [ConfigurationDiagnostic]) {
        let root: StructuredNode
        switch format {
        case .json:
            guard let decoded = try? JSONDecoder().decode(StructuredNode.self, from: Data(text.utf8)) else {
                return (FileDocument(), [self.jsonSyntaxDiagnostic(text, path: path)])
            }
            root = decoded
        case .yaml:
            do {
                root = try YAMLReader.compose(text) ?? StructuredNode(.mapping([]))
            } catch {
                let message = "not valid YAML: \(error.problem)"
                let location = ConfigurationLocation.file(path: path, line: error.line)
                return (
                    FileDocument(),
                    [ConfigurationDiagnostic(code: .malformedFile, message: message, location: location)]
                )
            }
        }
        return self.document(from: root, path: path)
    }

    private static func document(from root: StructuredNode, path: String) -> (FileDocument, [ConfigurationDiagnostic]) {
        guard case .mapping(let members) = root.value else {
            let message = "expected an object of configuration keys at the top level"
            return (
                FileDocument(),
                [.init(code: .malformedFile, message: message, location: .file(path: path, line: root.line))]
            )
        }
        var document = FileDocument()
        var diagnostics: [ConfigurationDiagnostic] = []
        for member in members {
            let location = ConfigurationLocation.file(path: path, line: member.value.line)
            guard ConfigurationKey.normalized(member.key) == "qpus" else {
                document.settings.append(.init(key: member.key, value: self.text(of: member.value), location: location))
                continue
            }
            guard case .sequence(let items) = member.value.value else {
                let message = "expected '\(member.key)' to be a list of QPU objects"
                diagnostics.append(.init(code: .malformedFile, message: message, location: location))
                continue
            }
            for item in items {
                let itemLocation = ConfigurationLocation.file(path: path, line: item.line)
                guard case .mapping(let fields) = item.value else {
                    let message =
                        "expected each entry of '\(member.key)' to be an object such as {name: sim0, executor: sim, qubits: 24}"
                    diagnostics.append(.init(code: .malformedFile, message: message, location: itemLocation))
                    continue
                }
                let entries = fields.map { field in
                    FileDocument.Entry(
                        key: field.key, value: self.text(of: field.value),
                        location: .file(path: path, line: field.value.line ?? item.line)
                    )
                }
                document.qpus.append(.init(fields: entries, location: itemLocation))
            }
        }
        return (document, diagnostics)
    }

    /// A value as configuration text: scalars as written, lists of scalars joined by commas,
    /// anything else as JSON.
    private static func text(of node: StructuredNode) -> String {
        if let text = node.scalarText { return text }
        if case .sequence(let items) = node.value {
            let texts = items.compactMap(\.scalarText)
            if texts.count == items.count { return texts.joined(separator: ",") }
        }
        // Encoding a tree that came from a parser cannot fail: it holds no non-finite numbers.
        let data = (try? JSONEncoder().encode(node)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// Foundation's `JSONDecoder` only says the data is not JSON; the locator says what
    /// and where.
    private static func jsonSyntaxDiagnostic(_ text: String, path: String) -> ConfigurationDiagnostic {
        let problem = JSONSyntaxLocator.firstProblem(in: text)
        let message = "not valid JSON" + (problem.map { ": \($0.message)" } ?? "")
        return ConfigurationDiagnostic(
            code: .malformedFile, message: message, location: .file(path: path, line: problem?.line))
    }
}
