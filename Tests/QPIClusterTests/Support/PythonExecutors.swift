import Foundation
import QPITesting

/// Command lines for the Python executors of `executors/python`, run by the interpreter
/// that `scripts/install-deps` prepares: `$QPI_TEST_PYTHON`, else `.venv/bin/python` at
/// the repository root (with qpi-executors, qiskit and qiskit-aer installed).
enum PythonExecutors {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The interpreter; throws with the fix when it is missing, so a machine without it
    /// fails these tests instead of passing them unseen.
    static func interpreter() throws -> String {
        let path =
            ProcessInfo.processInfo.environment["QPI_TEST_PYTHON"]
            ?? self.repositoryRoot.appendingPathComponent(".venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw HarnessError(
                "no Python for the executors at \(path): run scripts/install-deps (or set QPI_TEST_PYTHON)")
        }
        return path
    }

    /// `python -m qpi_executors --executor NAME ARGUMENTS…`, for `ExecutorCommand=`.
    static func command(_ executor: String, _ arguments: [String] = []) throws -> String {
        ([try self.interpreter(), "-m", "qpi_executors", "--executor", executor] + arguments).joined(separator: " ")
    }
}
