import Foundation
import QPITesting

/// Runs a short-lived tool (a script, `systemd-analyze`, a program's `--version`) to its end.
enum Tool {
    struct Output: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(self.status)\nstdout: \(self.stdout)\nstderr: \(self.stderr)" }
    }

    static let repositoryRoot = PythonExecutors.repositoryRoot.path

    /// Runs `executable` with `arguments`; `environment` is added to this process's.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        // Files, not pipes: a tool that fills one pipe while we read the other would block.
        let scratch = try TemporaryDirectory(prefix: "qpi-tool")
        let out = scratch.path(of: "out")
        let err = scratch.path(of: "err")
        FileManager.default.createFile(atPath: out, contents: nil)
        FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try process.run()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }
}
