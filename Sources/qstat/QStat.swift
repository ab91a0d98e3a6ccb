import ArgumentParser
import QPIClient
import QPICore
import QPIDocuments
import QPIWire

@main
struct QStat: SlurmStyleAsyncCommand {
    static let configuration = CommandConfiguration(
        commandName: "qstat",
        abstract: "Show the job queue, or one job in full, as squeue and scontrol show job do.",
        discussion: """
            Columns: JOBID NAME USER QPU ST TIME SHOTS NODELIST(REASON). ST is Slurm's state code \
            (PD R CD F CA TO NF); pending jobs show their reason. Without -t only pending and running \
            jobs are listed; -t with finished states (CD, F, CA, TO, NF) or --all also lists ended jobs.
            """,
        version: QPIVersion.current
    )

    @Option(name: .customShort("j"), help: "Show this job in full, with its event history.") var job: JobID?
    @Option(name: [.customShort("u"), .customLong("user")], help: "Only jobs of these users (comma-separated).")
    var users: String?
    @Option(
        name: [.customShort("t"), .customLong("states")],
        help: "Only jobs in these states, by name or code (comma-separated).")
    var states: String?
    @Flag(name: [.customShort("a"), .customLong("all")], help: "Include ended jobs.") var all = false
    @Option(help: "At most this many jobs.") var limit: Int?
    @Flag(help: "Print JSON: the queue as the HTTP API serves it (openapi.json); with -j, the job and its events.")
    var json = false
    @Flag(help: "Print '|'-separated fields without padding.") var parsable = false
    @Flag(help: "Omit the header line.") var noheader = false
    @OptionGroup var cluster: ClusterOptions

    func parsedStates() throws -> [JobState]? {
        guard let states else { return nil }
        return try states.split(separator: ",").map { text in
            guard let state = JobState(nameOrCode: String(text)) else {
                let valid = JobState.allCases.map { "\($0.rawValue) (\($0.code))" }.joined(separator: ", ")
                throw ValidationError("invalid state '\(text)' for -t: expected one of \(valid)")
            }
            return state
        }
    }

    func validate() throws {
        _ = try self.parsedStates()
        if let limit, limit < 1 { throw ValidationError("--limit must be positive, got \(limit).") }
    }

    func run() async throws {
        let client = try self.cluster.connect()
        if let id = self.job {
            let shown = try await client.callOrExit(ShowJobRequest(jobID: id), command: "qstat")
            if self.json {
                try printJSON(shown)
            } else {
                print(JobListing.detail(shown.job, events: shown.events, now: currentTime()), terminator: "")
            }
            return
        }
        let query = JobQuery(
            users: self.users.map { $0.split(separator: ",").map(String.init) }, states: try self.parsedStates(),
            includeFinished: self.all, limit: self.limit)
        let jobs = try await client.callOrExit(ListJobsRequest(query: query), command: "qstat").jobs
        if self.json {
            try printDocument(ListJSON(items: jobs.map(JobJSON.init)))
        } else if self.parsable {
            print(JobListing.parsableQueue(jobs, now: currentTime(), header: !self.noheader), terminator: "")
        } else {
            print(JobListing.queue(jobs, now: currentTime(), header: !self.noheader), terminator: "")
        }
    }
}
