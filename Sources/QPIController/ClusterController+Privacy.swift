import QPICore
import QPIWire

/// `PrivateData`: what ordinary users may not see of each other. Every caller-facing
/// lookup of jobs goes through here, so a hidden job is absent the same way everywhere.
extension ClusterController {
    /// Whether `caller` sees other users' jobs: always, unless `PrivateData=jobs` hides
    /// them from everyone but administrators.
    public func seesOthersJobs(_ caller: Caller) -> Bool {
        caller.isAdmin || !self.settings.privateJobs
    }

    /// Job `id` if `caller` may see it; another user's hidden job is reported missing, as
    /// Slurm reports it, so its existence is not given away.
    func job(_ id: JobID, visibleTo caller: Caller) async throws(WireError) -> Job {
        let job = try await self.job(id)
        guard self.seesOthersJobs(caller) || job.uid == caller.uid else {
            throw WireError(.notFound, "no job \(id)", field: "job_id")
        }
        return job
    }

    /// The jobs `query` selects that `caller` may see.
    public func listJobs(_ query: JobQuery, by caller: Caller) async throws(WireError) -> [Job] {
        guard let visible = self.visibleQuery(query, to: caller) else { return [] }
        return try await self.listJobs(visible)
    }

    /// `query` narrowed to the jobs `caller` may see; nil when it asks only for other
    /// users' hidden jobs.
    func visibleQuery(_ query: JobQuery, to caller: Caller) -> JobQuery? {
        guard !self.seesOthersJobs(caller) else { return query }
        guard query.users?.allSatisfy({ $0 == caller.user }) ?? true else { return nil }
        var own = query
        own.users = [caller.user]
        return own
    }

    /// Refuses a look at other users' usage under `PrivateData=usage`.
    func checkUsageVisible(_ request: AccountingRequest, to caller: Caller) throws(WireError) {
        guard self.settings.privateUsage, !caller.isAdmin else { return }
        if request.allUsers || (request.users ?? []).contains(where: { $0 != caller.user }) || request.jobIDs != nil {
            throw WireError(
                .forbidden,
                "PrivateData=usage: only administrators see other users' usage and balances; you are \(caller.user)")
        }
    }
}
