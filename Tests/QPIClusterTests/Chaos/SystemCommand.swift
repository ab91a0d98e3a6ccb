import Foundation
import QPITesting

/// Root-only system tools the chaos scenarios drive (`ip`, `mount`, `umount`).
enum SystemCommand {
    /// Whether the tests run as root, which network namespaces and mounts need.
    static var isRoot: Bool { getuid() == 0 }

    /// Runs `tool` (looked up in the system directories) and waits; throws with its output
    /// when it fails.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try self.find(tool))
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw HarnessError(
                "\(([tool] + arguments).joined(separator: " ")) exited with \(process.terminationStatus): \(text)")
        }
        return text
    }

    /// The path of `tool` in the system directories, which a test's PATH may lack.
    static func find(_ tool: String) throws -> String {
        for directory in ["/usr/sbin", "/sbin", "/usr/bin", "/bin"] {
            let path = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw HarnessError("\(tool) is not installed (Debian: iproute2 for ip, mount for mount/umount)")
    }
}
