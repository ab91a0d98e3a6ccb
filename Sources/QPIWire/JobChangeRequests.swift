public import QPICore

/// Changes a pending job (`qctl job update ID KEY=VALUE…`), as `scontrol update job`: its
/// owner or an administrator; `Priority` administrators only.
public struct UpdateJobRequest: WireRequest {
    public static let type = "update_job"
    public var jobID: JobID
    public var update: JobUpdate

    public init(jobID: JobID, update: JobUpdate) {
        self.jobID = jobID
        self.update = update
    }

    public struct Response: Codable, Sendable, Hashable {
        /// The job as changed.
        public var job: Job
        public init(job: Job) { self.job = job }
    }
}

/// Sends running or ended jobs back to the queue (`qctl job requeue ID…`), as `scontrol
/// requeue`: their owners or an administrator. A running job is stopped on its node first.
public struct RequeueJobsRequest: WireRequest {
    public static let type = "requeue_jobs"
    public var ids: [JobID]

    public init(ids: [JobID]) {
        self.ids = ids
    }

    /// Which jobs went back to the queue, and why the others did not.
    public typealias Response = HoldJobsRequest.Response
}
