internal import Foundation
internal import GRDB

extension JobStore {
    /// Writes a consistent copy of the database to `path` while the store keeps serving.
    ///
    /// `VACUUM INTO` runs on a reader connection: in WAL mode it sees one committed
    /// snapshot and never blocks the writer, so submissions go on during the copy. The copy
    /// goes to a hidden file beside `path` first and is renamed into place, so `path` never
    /// holds a half-written database.
    ///
    /// - Parameter replacing: false refuses an existing `path`.
    /// - Returns: the size of the copy in bytes.
    /// - Throws: `StoreError` `.conflict` when `path` exists and `replacing` is false,
    ///   `.io` when the directory is missing or not writable.
    public func backup(to path: String, replacing: Bool) async throws -> Int64 {
        let operation = "backup to '\(path)'"
        guard let sqlite = self.engine as? SQLiteEngine else {
            throw StoreError(
                code: .invalidArgument,
                message: "the store is a PostgreSQL database: back it up with the server's own tools "
                    + "(pg_dump, or a streaming replica), not qctl backup",
                operation: operation)
        }
        let files = FileManager.default
        if !replacing && files.fileExists(atPath: path) {
            throw StoreError(
                code: .conflict, message: "'\(path)' exists; choose another file or replace it with --force",
                operation: operation)
        }
        let url = URL(fileURLWithPath: path)
        let partial = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial-\(UUID().uuidString)").path
        guard !self.writer.isClosed else {
            throw StoreError(code: .closed, message: "the job store is closed", operation: operation)
        }
        do {
            try await sqlite.copy(to: partial)
        } catch {
            try? files.removeItem(atPath: partial)
            var storeError = StoreError.wrapping(error, operation: operation)
            storeError.message =
                "cannot write the copy in '\(url.deletingLastPathComponent().path)': \(storeError.message)"
            throw storeError
        }
        // The copy is checked before it may replace anything: a backup that cannot be
        // restored is worse than none.
        do {
            let problems = try Self.integrityProblems(ofFileAt: partial)
            guard problems.isEmpty else {
                throw StoreError(
                    code: .corrupt, message: "the copy fails SQLite's integrity check: \(problems.prefix(3))",
                    operation: operation)
            }
        } catch {
            try? files.removeItem(atPath: partial)
            throw StoreError.wrapping(error, operation: operation)
        }
        do {
            if !replacing && files.fileExists(atPath: path) {
                try? files.removeItem(atPath: partial)
                throw StoreError(
                    code: .conflict, message: "'\(path)' appeared during the backup; nothing was replaced",
                    operation: operation)
            }
            // rename(2) replaces an existing file atomically, which FileManager.moveItem refuses to do.
            guard rename(partial, path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? files.removeItem(atPath: partial)
                throw StoreError(
                    code: .io, message: "cannot rename the copy to '\(path)': \(reason)", operation: operation)
            }
            let size = try files.attributesOfItem(atPath: path)[.size] as? NSNumber
            return size?.int64Value ?? 0
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(code: .io, message: "cannot read '\(path)': \(error)", operation: operation, cause: error)
        }
    }
}

extension JobStore {
    /// `PRAGMA integrity_check` of the SQLite file at `path`, opened read-only: the
    /// problems SQLite reports, or none for a sound file.
    ///
    /// - Throws: `StoreError` when the file cannot be opened or is not a database.
    public static func integrityProblems(ofFileAt path: String) throws -> [String] {
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            let lines = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            return lines == ["ok"] ? [] : lines
        } catch {
            throw StoreError.wrapping(error, operation: "integrity check of '\(path)'")
        }
    }
}
