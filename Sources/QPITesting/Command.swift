import Foundation

/// Runs command-line tools for harnesses.
enum Command {
    /// Runs `executable` with `arguments` and waits; throws with its output if it fails.
    /// `environment` adds to the test process's own.
    static func run(
        _ executable: String, _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]
    ) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let directory {
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let command = ([executable] + arguments).joined(separator: " ")
            throw HarnessError("\(command) exited with \(process.terminationStatus): \(text)")
        }
    }

    /// The first of `names` found in `PATH` or the system binary directories, which a
    /// non-root `PATH` often lacks.
    static func find(_ name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        for directory in directories {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        throw HarnessError("\(name) not found in PATH or the system directories; install its Debian package")
    }
}
