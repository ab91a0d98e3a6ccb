import Foundation
import Logging
import QPIConfig
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a daemon's log lines go, shared by every logger of the process: standard error
/// or `LogFile=`, with the threshold and format, all changeable while the daemon runs
/// (reconfigure, SIGUSR2).
public final class LogSink: Sendable {
    struct State {
        var threshold: LogThreshold
        var format: QPIConfiguration.LogFormat
        var path: String?
        /// Open on `path`, or standard error.
        var descriptor: Int32
    }

    private let state: Mutex<State>
    private let verbosity: Int

    /// Opens `configuration.logFile` (creating it) or uses standard error.
    /// - Throws: ``LogFileError`` when the file cannot be opened.
    public init(configuration: QPIConfiguration, verbosity: Int) throws(LogFileError) {
        self.verbosity = verbosity
        let descriptor = try configuration.logFile.map { path throws(LogFileError) in try Self.openForAppending(path) }
        self.state = Mutex(
            State(
                threshold: LogThreshold(configuration: configuration, verbosity: verbosity),
                format: configuration.logFormat, path: configuration.logFile,
                descriptor: descriptor ?? STDERR_FILENO))
    }

    deinit {
        self.state.withLock { state in
            if state.descriptor != STDERR_FILENO { close(state.descriptor) }
        }
    }

    var threshold: LogThreshold { self.state.withLock { $0.threshold } }

    /// Applies a reloaded configuration's level, format and file. The `-v` count given at
    /// start still applies. A file that cannot be opened leaves the old one in use.
    /// - Throws: ``LogFileError`` for that file; level and format are applied anyway.
    public func apply(_ configuration: QPIConfiguration) throws(LogFileError) {
        let threshold = LogThreshold(configuration: configuration, verbosity: self.verbosity)
        self.state.withLock { state in
            state.threshold = threshold
            state.format = configuration.logFormat
        }
        guard configuration.logFile != self.state.withLock({ $0.path }) else { return }
        let descriptor = try configuration.logFile.map { path throws(LogFileError) in try Self.openForAppending(path) }
        self.swap(to: descriptor ?? STDERR_FILENO, path: configuration.logFile)
    }

    /// Closes and reopens `LogFile=` by name, so that after logrotate moved the file away
    /// new lines go to a fresh file at the configured path. Nothing to do on standard error.
    /// - Throws: ``LogFileError`` when the path cannot be opened; the old file stays in use.
    public func reopen() throws(LogFileError) {
        guard let path = self.state.withLock({ $0.path }) else { return }
        self.swap(to: try Self.openForAppending(path), path: path)
    }

    func emit(level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) {
        self.state.withLock { state in
            guard state.threshold.admits(level) else { return }
            let line = LogLine.render(
                format: state.format, time: Date(), level: level, label: label, message: message, metadata: metadata)
            // One write per line under the lock: lines from concurrent tasks never interleave.
            let bytes = Array(line.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { write(state.descriptor, $0.baseAddress, $0.count) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    private func swap(to descriptor: Int32, path: String?) {
        let old = self.state.withLock { state in
            defer {
                state.descriptor = descriptor
                state.path = path
            }
            return state.descriptor
        }
        if old != STDERR_FILENO && old != descriptor { close(old) }
    }

    private static func openForAppending(_ path: String) throws(LogFileError) -> Int32 {
        // Never through a symbolic link: one planted at the log's path would make the
        // daemon append to a file of the link maker's choosing.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o640)
        guard descriptor >= 0 else { throw LogFileError(path: path, reason: String(cString: strerror(errno))) }
        return descriptor
    }
}

/// `LogFile=` could not be opened for appending.
public struct LogFileError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "cannot open LogFile \(self.path): \(self.reason)" }
}
