import Foundation
import QPIConfig
import QPILogging
import Testing

/// A daemon's log is opened only as the file it names (issue 18, item 14).
struct LogFileSafetyTests {
    @Test func aSymbolicLinkAtTheLogPathIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qpi-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("elsewhere").path
        let link = directory.appendingPathComponent("qpictld.log").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        var configuration = QPIConfiguration()
        configuration.logFile = link
        #expect(throws: LogFileError.self) { _ = try LogSink(configuration: configuration, verbosity: 0) }
        #expect(!FileManager.default.fileExists(atPath: target), "the daemon wrote through the link")
    }
}
