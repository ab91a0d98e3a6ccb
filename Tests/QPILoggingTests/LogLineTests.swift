import Foundation
import Logging
import QPIConfig
import Testing

@testable import QPILogging

struct LogLineTests {
    let time = Date(timeIntervalSince1970: 1_700_000_000.25)

    @Test func jsonLinesParseAndCarryMetadataAsFields() throws {
        let line = LogLine.render(
            format: .json, time: self.time, level: .info, label: "qpictld", message: "job \"ended\"\nfine",
            metadata: ["job": "12", "qpu": .stringConvertible(3), "message": "clash"])
        #expect(line.hasSuffix("\n") && line.dropLast().allSatisfy { $0 != "\n" })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["job"] == "12" && object["qpu"] == "3" && object["level"] == "info")
        #expect(object["message"] == "job \"ended\"\nfine" && object["meta.message"] == "clash")
        #expect(object["time"] == "2023-11-14T22:13:20.250Z" && object["label"] == "qpictld")
    }

    @Test func textLinesEndWithSortedMetadata() {
        let line = LogLine.render(
            format: .text, time: self.time, level: .warning, label: "qpid.sim0", message: "job requeued",
            metadata: ["reason": "node lost", "job": "7"])
        #expect(line == "2023-11-14T22:13:20.250Z warning qpid.sim0: job requeued job=7 reason=node lost\n")
    }

    @Test func eachVerboseFlagLowersTheThresholdOneLevel() throws {
        var configuration = QPIConfiguration()
        #expect(LogThreshold(configuration: configuration, verbosity: 0).level == .info)
        #expect(LogThreshold(configuration: configuration, verbosity: 1).level == .debug)
        #expect(LogThreshold(configuration: configuration, verbosity: 5).level == .trace)
        configuration.debugLevel = .quiet
        configuration.logLevel = .critical
        let quiet = LogThreshold(configuration: configuration, verbosity: 0)
        #expect(!quiet.admits(.critical))
        #expect(LogThreshold(configuration: configuration, verbosity: 1).admits(.critical))
    }

    @Test func verbosityFlagsAreTakenOutOfTheArguments() {
        let (count, rest) = VerbosityFlags.extract(["-vv", "--conf", "x", "-v", "--verbose", "--idle-threshold", "-1"])
        #expect(count == 4)
        #expect(rest == ["--conf", "x", "--idle-threshold", "-1"])
    }
}

struct LogSinkTests {
    private func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qpi-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func reopenStartsANewFileAfterTheOldOneWasMoved() throws {
        let directory = try self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("qpi.log").path
        var configuration = QPIConfiguration()
        configuration.logFile = path
        let sink = try LogSink(configuration: configuration, verbosity: 0)
        sink.emit(level: .info, label: "t", message: "before", metadata: [:])
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        sink.emit(level: .info, label: "t", message: "still old", metadata: [:])
        try sink.reopen()
        sink.emit(level: .info, label: "t", message: "after", metadata: [:])
        let old = try String(contentsOfFile: path + ".1", encoding: .utf8)
        let new = try String(contentsOfFile: path, encoding: .utf8)
        #expect(old.contains("before") && old.contains("still old") && !old.contains("after"))
        #expect(new.contains("after") && !new.contains("before"))
    }

    @Test func applyChangesLevelAndFormatLiveAndAnUnopenableFileKeepsTheOld() throws {
        let directory = try self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("qpi.log").path
        var configuration = QPIConfiguration()
        configuration.logFile = path
        let sink = try LogSink(configuration: configuration, verbosity: 0)
        sink.emit(level: .debug, label: "t", message: "hidden", metadata: [:])
        configuration.logLevel = .debug
        configuration.logFormat = .json
        try sink.apply(configuration)
        sink.emit(level: .debug, label: "t", message: "shown", metadata: ["job": "1"])
        configuration.logFile = directory.appendingPathComponent("missing/qpi.log").path
        #expect(throws: LogFileError.self) { try sink.apply(configuration) }
        sink.emit(level: .info, label: "t", message: "kept", metadata: [:])
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.first?.contains("\"job\":\"1\"") == true && lines.last?.contains("kept") == true)
    }

    @Test func theHandlerFollowsTheSinksThresholdLive() throws {
        let directory = try self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = QPIConfiguration()
        configuration.logFile = directory.appendingPathComponent("qpi.log").path
        let sink = try LogSink(configuration: configuration, verbosity: 0)
        let handler = QPILogHandler(label: "t", sink: sink)
        #expect(handler.logLevel == .info)
        configuration.logLevel = .error
        try sink.apply(configuration)
        #expect(handler.logLevel == .error)
    }
}
