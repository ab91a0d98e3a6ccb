import QPIStore
import QPIWire

extension ClusterController {
    /// `qctl backup FILE`: a consistent copy of the state database, written by this
    /// process on its own host while jobs go on being submitted and run.
    public func backup(_ request: BackupRequest, by caller: Caller) async throws(WireError) -> BackupRequest.Response {
        try Authorization.check(.backup, by: caller)
        guard request.path.hasPrefix("/") else {
            throw WireError(
                .invalidArgument,
                "the backup file must be an absolute path on the controller's host, got '\(request.path)'",
                field: "path")
        }
        guard request.path != self.store.path else {
            throw WireError(.invalidArgument, "'\(request.path)' is the live database itself", field: "path")
        }
        do {
            let bytes = try await self.store.backup(to: request.path, replacing: request.force)
            return BackupRequest.Response(
                path: request.path, bytes: bytes, schemaVersion: JobStore.latestSchemaVersion)
        } catch let error as StoreError where error.code == .conflict {
            throw WireError(.conflict, error.message, field: "path")
        } catch let error as StoreError {
            throw WireError(.unavailable, "backup to '\(request.path)' failed: \(error.message)", field: "path")
        } catch {
            throw WireError(.internal, "backup to '\(request.path)' failed: \(error)")
        }
    }
}
