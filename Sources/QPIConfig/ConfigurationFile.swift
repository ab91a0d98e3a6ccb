import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// Reads one configuration file in the format its extension names.
enum ConfigurationFile {
    /// The file's settings (values not yet checked) and QPUs, with a diagnostic for every
    /// problem; nothing when it cannot be read.
    static func read(
        _ path: String,
        diagnostics: inout [ConfigurationDiagnostic]
    ) -> (settings: [Setting], qpus: [QPUDeclaration]) {
        let text: String
        do {
            text = try self.contents(of: path)
        } catch {
            let message = "cannot read configuration file: \(error.reason)"
            diagnostics.append(.init(code: .unreadableFile, message: message, location: .file(path: path, line: nil)))
            return ([], [])
        }
        return self.parse(text, path: path, diagnostics: &diagnostics)
    }

    /// `text` read as the file at `path` would be, in the format its extension names.
    static func parse(
        _ text: String,
        path: String,
        diagnostics: inout [ConfigurationDiagnostic]
    ) -> (settings: [Setting], qpus: [QPUDeclaration]) {
        let (document, problems) =
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "json": StructuredFileParser.parse(text, path: path, format: .json)
            case "yaml", "yml": StructuredFileParser.parse(text, path: path, format: .yaml)
            default: ConfFileParser.parse(text, path: path)
            }
        diagnostics += problems
        return document.validated(diagnostics: &diagnostics)
    }

    private struct ReadFailure: Error {
        let reason: String
    }

    private static func contents(of path: String) throws(ReadFailure) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as CocoaError {
            switch error.code {
            case .fileReadNoSuchFile, .fileNoSuchFile: throw ReadFailure(reason: "no such file")
            case .fileReadNoPermission: throw ReadFailure(reason: "permission denied")
            default:
                let reason = (error.underlying as? POSIXError).map { String(cString: strerror($0.code.rawValue)) }
                throw ReadFailure(reason: reason ?? "error \(error.code.rawValue)")
            }
        } catch {
            throw ReadFailure(reason: "\(error)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ReadFailure(reason: "it is not UTF-8 text")
        }
        return text
    }
}
