import Foundation
import QPIWire

/// Results waiting for the controller's acknowledgement, one file per dispatch under
/// `<data-dir>/spool/`, so a `qpid` restart or a lost link loses no finished job.
///
/// Files are written to a temporary name and renamed, so a crash of `qpid` leaves either
/// the whole result or nothing. They are not fsynced: the page cache outlives a killed
/// process, and a result lost with the whole machine only sends its job back to the queue
/// when the node reconnects (as SQLite's synchronous=NORMAL trades the same way). Only
/// qpid's user may read them (mode 0600). A file that cannot be read back (truncated,
/// corrupted) is moved to `spool/corrupt/` and reported, never retried forever.
///
/// - Warning: not thread-safe; the node daemon's actor owns it.
public struct ResultSpool {
    public let directory: URL

    public init(dataDirectory: URL) throws {
        self.directory = dataDirectory.appendingPathComponent("spool")
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
    }

    private func url(for ref: JobRef) -> URL {
        self.directory.appendingPathComponent("\(ref.jobID)-\(ref.dispatchID).json")
    }

    /// Stores `outcome` before it is sent, so that it survives `qpid`.
    public func store(_ outcome: JobOutcome) throws {
        let final = self.url(for: outcome.ref)
        let temporary = final.appendingPathExtension("tmp")
        let data = try JSONEncoder().encode(outcome)
        // A fresh file, never one (or a link) already there: a leftover of a crash goes
        // first. Written with write(2) rather than Data.write, which fsyncs every file (a
        // fifth of qpid's time per job, measured) for a durability this spool does not need.
        unlink(temporary.path)
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw Self.lastError() }
        var failure: POSIXError?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = Self.lastError()
                    return
                }
                offset += written
            }
        }
        close(descriptor)
        if let failure {
            unlink(temporary.path)
            throw failure
        }
        guard rename(temporary.path, final.path) == 0 else { throw Self.lastError() }
    }

    private static func lastError() -> POSIXError {
        POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }

    /// Forgets the result of `ref` once the controller has stored it.
    public func remove(_ ref: JobRef) {
        unlink(self.url(for: ref).path)
    }

    /// Every readable spooled result, oldest job first, and the files set aside as corrupt.
    public func load() -> (outcomes: [JobOutcome], corrupt: [String]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: self.directory.path)) ?? []
        var outcomes: [JobOutcome] = []
        var corrupt: [String] = []
        for name in names.sorted() {
            let url = self.directory.appendingPathComponent(name)
            if name.hasSuffix(".tmp") {
                try? FileManager.default.removeItem(at: url)
                continue
            }
            guard name.hasSuffix(".json") else { continue }
            if let data = try? Data(contentsOf: url),
                let outcome = try? JSONDecoder().decode(JobOutcome.self, from: data)
            {
                outcomes.append(outcome)
            } else {
                self.quarantine(url)
                corrupt.append(name)
            }
        }
        return (outcomes.sorted { ($0.ref.jobID, $0.ref.dispatchID) < ($1.ref.jobID, $1.ref.dispatchID) }, corrupt)
    }

    private func quarantine(_ url: URL) {
        let corruptDirectory = self.directory.appendingPathComponent("corrupt")
        try? FileManager.default.createDirectory(at: corruptDirectory, withIntermediateDirectories: true)
        let target = corruptDirectory.appendingPathComponent(url.lastPathComponent)
        try? FileManager.default.removeItem(at: target)
        try? FileManager.default.moveItem(at: url, to: target)
    }
}
