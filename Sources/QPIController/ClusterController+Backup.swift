import Foundation
import QPIStore
import QPIWire

extension ClusterController {
    /// `qctl backup FILE`: a consistent copy of the state database, written by this
    /// process on its own host while jobs go on being submitted and run, into
    /// `BackupDirectory` only, owner-only. Outside the actor but for reading the directory in force.
    nonisolated public func backup(_ request: BackupRequest, by caller: Caller) async throws(WireError)
        -> BackupRequest.Response
    {
        try Authorization.check(.backup, by: caller)
        let path = try self.backupTarget(request.path, in: await self.settings.backupDirectory)
        do {
            let bytes = try await self.store.backup(to: path, replacing: request.force)
            // The umask already makes it 0600; this holds whatever started the daemon.
            chmod(path, 0o600)
            return BackupRequest.Response(path: path, bytes: bytes, schemaVersion: JobStore.latestSchemaVersion)
        } catch let error as StoreError where error.code == .conflict {
            throw WireError(.conflict, error.message, field: "path")
        } catch let error as StoreError {
            throw WireError(.unavailable, "backup to '\(path)' failed: \(error.message)", field: "path")
        } catch {
            throw WireError(.internal, "backup to '\(path)' failed: \(error)")
        }
    }

    /// Where a backup named `requested` goes: a relative name inside the backup directory,
    /// or an absolute path whose directory, links resolved, is that directory or below it.
    nonisolated private func backupTarget(_ requested: String, in configured: String) throws(WireError) -> String {
        do {
            try FileManager.default.createDirectory(
                atPath: configured, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw WireError(.unavailable, "cannot create BackupDirectory=\(configured): \(error.localizedDescription)")
        }
        guard let directory = Self.realPath(configured) else {
            throw WireError(.unavailable, "BackupDirectory=\(configured) cannot be resolved")
        }
        let name = URL(fileURLWithPath: requested).lastPathComponent
        let candidate = requested.hasPrefix("/") ? requested : "\(directory)/\(requested)"
        let parent = URL(fileURLWithPath: candidate).deletingLastPathComponent().path
        guard !requested.isEmpty, name != "..", name != ".", let resolvedParent = Self.realPath(parent),
            resolvedParent == directory || resolvedParent.hasPrefix(directory + "/")
        else {
            throw WireError(
                .invalidArgument,
                "backups are written only inside BackupDirectory=\(directory) (an existing directory there); "
                    + "'\(requested)' is not", field: "path")
        }
        let path = "\(resolvedParent)/\(name)"
        guard path != Self.realPath(self.store.path) else {
            throw WireError(.invalidArgument, "'\(requested)' is the live database itself", field: "path")
        }
        return path
    }

    /// `path` with every link resolved, or nil when it does not exist.
    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
