import ArgumentParser
import QPIClient
import QPICore
import QPIDocuments
import QPIProcess
import QPIWire

@main
struct QAcct: SlurmStyleAsyncCommand {
    static let configuration = CommandConfiguration(
        commandName: "qacct",
        abstract: "Show per-job usage and qpu_seconds balances, as sacct and sreport do.",
        discussion: """
            Lists jobs (JOBID NAME USER QPU STATE START END QPU_SECONDS), then per user the jobs \
            counted, the qpu_seconds they used and the balance left ('unlimited' when none is set). \
            QPU_SECONDS is the run time its node measured (the executor's own measure; the whole \
            limit for a TIMEOUT), charged once when the job ended; pending and running jobs show 0.

            Without -u, -a or -j you see your own jobs, as with sacct. As in Slurm without \
            PrivateData, every user may read every user's usage and balance: -u USER or -a show \
            others'. Balances are changed by admins (qctl user set|add-seconds) and by approved \
            time requests (qres request).

            -S/--since and -E/--until take now, now-DURATION (now-2h, now-7d), now+DURATION, \
            YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (local, or with Z or +HH:MM) or HH:MM[:SS] (today); \
            -S keeps jobs that had not ended by then, -E jobs submitted by then, so together they \
            select the jobs that existed during the window.

            -o takes sacct's format: comma-separated field names, each with an optional %WIDTH \
            (right-aligned, cut to that width) or %-WIDTH (left-aligned); without a width a column \
            is as wide as its widest value. It prints the job lines only. Fields: \
            \(AccountingListing.formatNames.joined(separator: ", ")).

            --limit N prints at most N job lines (the user totals still count every selected \
            job); when more follow, qacct says on standard error which --after ID continues \
            the listing.
            """,
        version: QPIVersion.current
    )

    @Option(name: [.customShort("u"), .customLong("user")], help: "Only these users' jobs (comma-separated).")
    var users: String?
    @Flag(name: [.customShort("a"), .customLong("all-users")], help: "Every user's jobs.") var allUsers = false
    @Option(name: [.customShort("j"), .customLong("jobs")], help: "Only these jobs (comma-separated ids).")
    var jobs: String?
    @Option(name: [.customShort("S"), .customLong("since")], help: "Only jobs that had not ended by this time.")
    var since: String?
    @Option(name: [.customShort("E"), .customLong("until")], help: "Only jobs submitted by this time.")
    var until: String?
    @Option(
        name: [.customShort("s"), .customLong("state")],
        help: "Only jobs in these states, by name or code (comma-separated).")
    var states: String?
    @OptionGroup var selection: QPUAndNameOptions
    @Option(
        name: [.customShort("o"), .customLong("format")],
        help: "Print these job fields, as sacct --format does: 'JobID,JobName%20,State' (see below).")
    var format: String?
    @Option(help: "Print at most this many job lines.") var limit: Int?
    @Option(help: "Continue a listing after this job id (the one --limit named).") var after: Int64?
    @Flag(help: "Print JSON, the document the HTTP API serves (openapi.json).") var json = false
    @Flag(help: "Print '|'-separated fields without padding.") var parsable = false
    @Flag(help: "Omit the header lines.") var noheader = false
    @OptionGroup var cluster: ClusterOptions

    func parsedJobs() throws -> [JobID]? {
        guard let jobs else { return nil }
        return try jobs.split(separator: ",", omittingEmptySubsequences: false).map { text in
            guard let id = JobID(text), id > 0 else {
                throw ValidationError("invalid job id '\(text)' for -j: expected positive numbers separated by commas")
            }
            return id
        }
    }

    func parsedTime(_ text: String?, option: String) throws -> Double? {
        guard let text else { return nil }
        do {
            return try PointInTime.parse(text, now: currentTime())
        } catch {
            throw ValidationError("\(option): \(error)")
        }
    }

    func parsedStates() throws -> [JobState]? {
        try ListSelection.states(self.states, option: "-s")
    }

    func parsedFormat() throws -> OutputFormat? {
        do {
            return try self.format.map { text throws(OutputFormatError) in try AccountingListing.format(text) }
        } catch {
            throw ValidationError(
                "-o/--format: \(error); known fields: \(AccountingListing.formatNames.joined(separator: ", "))")
        }
    }

    func request() throws -> AccountingRequest {
        AccountingRequest(
            users: try ListSelection.names(self.users, option: "-u"), allUsers: self.allUsers,
            jobIDs: try self.parsedJobs(), since: try self.parsedTime(self.since, option: "--since"),
            until: try self.parsedTime(self.until, option: "--until"), states: try self.parsedStates(),
            qpus: try self.selection.qpuList(),
            names: try self.selection.nameList())
    }

    func validate() throws {
        _ = try self.request()
        _ = try self.parsedFormat()
        if self.allUsers && self.users != nil { throw ValidationError("-a and -u exclude each other") }
        if self.json && self.parsable { throw ValidationError("--json and --parsable exclude each other") }
        if self.json && self.format != nil { throw ValidationError("--json and -o/--format exclude each other") }
        if let limit, limit < 1 { throw ValidationError("--limit must be positive, got \(limit).") }
        if let after, after < 1 { throw ValidationError("--after takes a job id, got \(after).") }
        if self.json && (self.limit != nil || self.after != nil) {
            throw ValidationError("--limit and --after page the table; they exclude --json")
        }
    }

    func run() async throws {
        let client = try self.cluster.connect()
        if self.json {
            let answer = try await client.callOrExit(try self.request(), command: "qacct")
            try printDocument(AccountingJSON(answer))
            return
        }
        let format = try self.parsedFormat()
        let page = try await client.callOrExit(
            ListUsageRowsRequest(
                query: try self.request(), fields: AccountingListing.fields(for: format), limit: self.limit,
                after: self.after),
            command: "qacct")
        do {
            print(
                try AccountingListing.report(page, format: format, parsable: self.parsable, header: !self.noheader),
                terminator: "")
        } catch {
            printError("qacct: \(error)")
            throw ExitCode.failure
        }
        if let next = page.next {
            printError("qacct: more jobs follow; continue with --after \(next)")
        }
    }
}
