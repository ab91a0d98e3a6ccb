import Foundation
import QPITesting

/// Locations of files the tests read: the shared corpus beside the project, and the
/// executables `swift test` has built next to the test bundle.
enum TestResources {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// The project's root directory, found from this source file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shared corpus (`$QPI_QASM_CORPUS`, else `../shared/qasm-corpus`).
    static func corpusDirectory() throws -> URL {
        try CorpusReference.directory()
    }

    /// An executable product built alongside the tests (same build directory).
    static func executable(_ name: String) throws -> URL {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw Missing(description: "executable '\(name)' not built next to \(testBinary.path)")
    }
}
