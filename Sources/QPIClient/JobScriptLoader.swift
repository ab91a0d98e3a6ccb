import OpenQASM
import QPIJobScript
import QPIProcess

/// Reads job scripts from files or standard input and resolves their includes on disk.
public enum JobScriptLoader {
    /// Reads and parses `paths` (`-` is standard input) into one job. A file or input over
    /// `maxFileSize` bytes is refused without being read whole.
    public static func load(paths: [String], maxFileSize: Int = .max) throws(JobScriptError) -> JobScript {
        try JobScriptParser.parse(
            try self.sources(paths: paths, maxFileSize: maxFileSize), includes: self.includes(maxFileSize: maxFileSize))
    }

    /// Reads `paths` (`-` is standard input) without parsing them, every unreadable one reported.
    public static func sources(paths: [String], maxFileSize: Int = .max) throws(JobScriptError) -> [SourceFile] {
        var sources: [SourceFile] = []
        var problems: [String] = []
        for path in paths {
            do {
                sources.append(try self.read(path: path, maxFileSize: maxFileSize))
            } catch {
                problems += error.lines
            }
        }
        guard problems.isEmpty else { throw JobScriptError(lines: problems) }
        return sources
    }

    /// Resolves includes on disk, next to the including file.
    public static func includes(maxFileSize: Int = .max) -> IncludeResolver {
        { path, including in try self.resolveInclude(path, including, maxFileSize: maxFileSize) }
    }

    static func read(path: String, maxFileSize: Int = .max) throws(JobScriptError) -> SourceFile {
        let standardInput = path == "-"
        let name = standardInput ? "<stdin>" : path
        let data: [UInt8]
        do {
            // One byte past the limit tells an oversized input from one exactly at it.
            data = try FileContents.read(
                path: standardInput ? nil : path, limit: maxFileSize == .max ? .max : maxFileSize + 1)
        } catch {
            throw JobScriptError(lines: ["\(name): error: cannot read file: \(error)"])
        }
        guard data.count <= maxFileSize else {
            throw JobScriptError(lines: [
                "\(name): error: file is over MaxJobFileSize=\(maxFileSize) bytes: the controller would refuse it"
            ])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw JobScriptError(lines: ["\(name): error: \(standardInput ? "input" : "file") is not UTF-8 text"])
        }
        return SourceFile(name: name, text: text)
    }

    /// Resolves `include "path";` relative to the directory of the including file.
    static func resolveInclude(_ path: String, _ includingFile: String, maxFileSize: Int) throws -> SourceFile {
        let resolved: String
        if path.hasPrefix("/") || includingFile == "<stdin>" {
            resolved = path
        } else {
            let directory = includingFile.lastIndex(of: "/").map { includingFile[...$0] } ?? ""
            resolved = directory + path
        }
        do {
            return try self.read(path: resolved, maxFileSize: maxFileSize)
        } catch {
            throw IncludeError(message: "cannot read '\(resolved)'")
        }
    }
}

/// An include that could not be read; the parser reports it at the include statement.
struct IncludeError: Error, CustomStringConvertible {
    var message: String
    var description: String { self.message }
}
