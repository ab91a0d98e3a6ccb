import Foundation
import OpenQASM
import QPICore

/// A job script read from disk and parsed: its circuits and the options its
/// `// QPI` directive lines set.
public struct JobScript: Sendable {
    public var circuits: [Circuit]
    /// Options from the directive lines of the first file (later files add circuits only).
    public var options: JobOptions
    /// The OpenQASM source of each circuit's file, in order, as sent to executors.
    public var sources: [SourceFile]
    /// Non-fatal diagnostics, such as a missing `OPENQASM` line.
    public var warnings: [Diagnostic]
}

/// Why a job script could not be loaded; prints as `file:line:col: error: …` lines.
public struct JobScriptError: Error, CustomStringConvertible {
    public var lines: [String]

    public init(lines: [String]) { self.lines = lines }

    public var description: String { self.lines.joined(separator: "\n") }
}

/// Reads job scripts from files or standard input and resolves their includes on disk.
public enum JobScriptLoader {
    /// Reads and parses `paths` (`-` is standard input) into one job.
    ///
    /// Several files, or one file with several `OPENQASM` sections, make one job with
    /// several circuits, like the reference's `circuits=[…]`.
    public static func load(paths: [String]) throws(JobScriptError) -> JobScript {
        var circuits: [Circuit] = []
        var sources: [SourceFile] = []
        var warnings: [Diagnostic] = []
        var options = JobOptions()
        var problems: [String] = []
        for (index, path) in paths.enumerated() {
            let source: SourceFile
            do {
                source = try self.read(path: path)
            } catch {
                problems.append(error.description)
                continue
            }
            do {
                let program = try QASMParser.parse(source, includes: self.resolveInclude)
                circuits += program.circuits
                sources.append(source)
                warnings += program.warnings
                if index == 0 {
                    options = try self.options(from: program.directives)
                }
            } catch let error as QASMError {
                problems += error.diagnostics.map(\.description)
            } catch let error as JobScriptError {
                problems += error.lines
            } catch {
                problems.append("\(source.name): error: \(error)")
            }
        }
        guard problems.isEmpty else { throw JobScriptError(lines: problems) }
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

    static func read(path: String) throws(JobScriptError) -> SourceFile {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard let text = String(data: data, encoding: .utf8) else {
                throw JobScriptError(lines: ["<stdin>: error: input is not UTF-8 text"])
            }
            return SourceFile(name: "<stdin>", text: text)
        }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let text = String(data: data, encoding: .utf8) else {
                throw JobScriptError(lines: ["\(path): error: file is not UTF-8 text"])
            }
            return SourceFile(name: path, text: text)
        } catch let error as JobScriptError {
            throw error
        } catch {
            throw JobScriptError(lines: ["\(path): error: cannot read file: \(Self.reason(error))"])
        }
    }

    /// Resolves `include "path";` relative to the directory of the including file.
    @Sendable static func resolveInclude(_ path: String, _ includingFile: String) throws -> SourceFile {
        let resolved: String
        if path.hasPrefix("/") || includingFile == "<stdin>" {
            resolved = path
        } else {
            let directory = (includingFile as NSString).deletingLastPathComponent
            resolved = directory.isEmpty ? path : (directory as NSString).appendingPathComponent(path)
        }
        do {
            return try self.read(path: resolved)
        } catch {
            throw IncludeError(message: "cannot read '\(resolved)'")
        }
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        return nsError.localizedDescription
    }
}

/// An include that could not be read; the parser reports it at the include statement.
struct IncludeError: Error, CustomStringConvertible {
    var message: String
    var description: String { self.message }
}
