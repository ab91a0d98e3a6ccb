import Foundation
import OpenQASM
import QPIExecutor

/// Reads job scripts from files or standard input and resolves their includes on disk.
public enum JobScriptLoader {
    /// Reads and parses `paths` (`-` is standard input) into one job.
    public static func load(paths: [String]) throws(JobScriptError) -> JobScript {
        var sources: [SourceFile] = []
        var problems: [String] = []
        for path in paths {
            do {
                sources.append(try self.read(path: path))
            } catch {
                problems += error.lines
            }
        }
        guard problems.isEmpty else { throw JobScriptError(lines: problems) }
        return try JobScriptParser.parse(sources, includes: self.resolveInclude)
    }

    static func read(path: String) throws(JobScriptError) -> SourceFile {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard let text = String(data: data, encoding: .utf8) else {
                throw JobScriptError(lines: ["<stdin>: error: input is not UTF-8 text"])
            }
            return SourceFile(name: "<stdin>", text: text)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw JobScriptError(lines: ["\(path): error: cannot read file: \(Self.reason(error))"])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw JobScriptError(lines: ["\(path): error: file is not UTF-8 text"])
        }
        return SourceFile(name: path, text: text)
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
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}

/// An include that could not be read; the parser reports it at the include statement.
struct IncludeError: Error, CustomStringConvertible {
    var message: String
    var description: String { self.message }
}
