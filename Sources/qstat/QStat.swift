import ArgumentParser
import QPIClient
import QPICore
import QPIDocuments
import QPIProcess
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

            -o takes squeue's format: %[.|-][WIDTH]LETTER fields between literal text, %% for '%'. \
            A width pads and cuts the value to exactly that many characters, '.' aligns it right, \
            '-' (the default) left; without a width the value is printed as it is. Letters: \
            \(JobListing.formatLetters).
            """,
        version: QPIVersion.current
    )

    @Option(
        name: .customShort("j"),
        help: "Show this job (ID, or ID_TASK for a task of an array) in full, with its event history.")
    var job: JobReference?
    @Flag(
        name: [.customShort("r"), .customLong("array")],
        help: "One line per task of a job array; by default an array's pending tasks share one line, ID_[TASKS].")
    var expandArrays = false
    @Option(name: [.customShort("u"), .customLong("user")], help: "Only jobs of these users (comma-separated).")
    var users: String?
    @Option(
        name: [.customShort("t"), .customLong("states")],
        help: "Only jobs in these states, by name or code (comma-separated).")
    var states: String?
    @OptionGroup var selection: QPUAndNameOptions
    @Flag(name: [.customShort("a"), .customLong("all")], help: "Include ended jobs.") var all = false
    @Flag(
        help: """
            Pending jobs with their queue position and expected start, from a dry run of the \
            scheduler over running jobs' time limits, booked slots and begin times (N/A: none found).
            """)
    var start = false
    @Option(
        name: [.customShort("o"), .customLong("format")],
        help: "Print these fields, as squeue -o does: '%.10i %-20j %T' (see below).")
    var format: String?
    @Option(
        help: """
            At most this many jobs. When more follow, qstat says so on standard error with the \
            position to give --after for the next page.
            """)
    var limit: Int?
    @Option(help: ArgumentHelp("Continue a listing from a previous page's position.", valueName: "position"))
    var after: String?
    @Flag(
        help:
            "Print JSON as the HTTP API serves it (openapi.json): the queue; with -j, the job and its history; with --start, the estimates."
    )
    var json = false
    @Flag(help: "Print '|'-separated fields without padding.") var parsable = false
    @Flag(help: "Omit the header line.") var noheader = false
    @OptionGroup var cluster: ClusterOptions

    func parsedStates() throws -> [JobState]? {
        try ListSelection.states(self.states, option: "-t")
    }

    func parsedFormat() throws -> OutputFormat? {
        do {
            return try self.format.map { text throws(OutputFormatError) in try JobListing.format(text) }
        } catch {
            throw ValidationError("-o/--format: \(error); known fields: \(JobListing.formatLetters)")
        }
    }

    func validate() throws {
        _ = try self.parsedStates()
        _ = try self.parsedFormat()
        if let limit, limit < 1 { throw ValidationError("--limit must be positive, got \(limit).") }
        if self.start && (self.format != nil || self.parsable || self.job != nil) {
            throw ValidationError("--start excludes -j, -o/--format and --parsable")
        }
        if self.format != nil && (self.json || self.parsable) {
            throw ValidationError("-o/--format excludes --json and --parsable")
        }
        if self.after != nil && (self.json || self.start || self.job != nil) {
            throw ValidationError("--after pages the table; it excludes --json, --start and -j")
        }
    }

    func run() async throws {
        let client = try self.cluster.connect()
        if let reference = self.job {
            var id = reference.jobID
            if reference.taskID != nil { id = try await client.jobs(namedBy: reference, command: "qstat")[0].id }
            let shown = try await client.callOrExit(ShowJobRequest(jobID: id), command: "qstat")
            if self.json {
                try printDocument(JobHistoryJSON(shown))
            } else {
                print(JobListing.detail(shown.job, events: shown.events, now: currentTime()), terminator: "")
            }
            return
        }
        let query = JobQuery(
            users: self.users.map { $0.split(separator: ",").map(String.init) }, states: try self.parsedStates(),
            qpus: try self.selection.qpuList(),
            names: try self.selection.nameList(), includeFinished: self.all, limit: self.limit)
        if self.start {
            let estimates = try await client.callOrExit(StartEstimatesRequest(query: query), command: "qstat")
                .estimates
            if self.json {
                try printDocument(ListJSON(items: estimates.map(StartEstimateJSON.init)))
            } else {
                print(JobListing.starts(estimates, header: !self.noheader), terminator: "")
            }
            return
        }
        if self.json {
            let jobs = try await client.callOrExit(ListJobsRequest(query: query), command: "qstat").jobs
            try printDocument(ListJSON(items: jobs.map(JobJSON.init)))
            return
        }
        let format = try self.parsedFormat()
        let page = try await client.callOrExit(
            ListJobRowsRequest(
                query: query, fields: JobListing.fields(for: format), after: self.after,
                expandArrays: self.expandArrays ? true : nil),
            command: "qstat")
        writeStandardOutput(
            try JobListing.queue(page.rows, format: format, parsable: self.parsable, header: !self.noheader))
        if let next = page.next {
            printError("qstat: more jobs follow; continue with --after \(next)")
        }
    }
}
