import Foundation
import OpenQASM
import QPIJobScript

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
        let handle: FileHandle
        if standardInput {
            handle = FileHandle.standardInput
        } else {
            do {
                handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            } catch {
                throw JobScriptError(lines: ["\(path): error: cannot read file: \(Self.reason(error))"])
            }
        }
        defer { if !standardInput { try? handle.close() } }
        let data: Data
        do {
            // One byte past the limit tells an oversized input from one exactly at it.
            data =
                try (maxFileSize == .max ? handle.readToEnd() : handle.read(upToCount: maxFileSize + 1)) ?? Data()
        } catch {
            throw JobScriptError(lines: ["\(name): error: cannot read file: \(Self.reason(error))"])
        }
        guard data.count <= maxFileSize else {
            throw JobScriptError(lines: [
                "\(name): error: file is over MaxJobFileSize=\(maxFileSize) bytes: the controller would refuse it"
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
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
            let directory = (includingFile as NSString).deletingLastPathComponent
            resolved = directory.isEmpty ? path : (directory as NSString).appendingPathComponent(path)
        }
        do {
            return try self.read(path: resolved, maxFileSize: maxFileSize)
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
