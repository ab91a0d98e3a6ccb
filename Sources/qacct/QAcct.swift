import ArgumentParser
import QPIClient
import QPICore
import QPIDocuments
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

            --since takes now, now-DURATION (now-2h, now-7d), YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] \
            or HH:MM[:SS] (today), in local time, and selects jobs that had not ended by then.
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

    func parsedUsers() throws -> [String]? {
        guard let users else { return nil }
        let names = users.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ValidationError("-u needs at least one user name") }
        return names
    }

    func parsedSince() throws -> Double? {
        guard let since else { return nil }
        do {
            return try PointInTime.parse(since, now: currentTime())
        } catch {
            throw ValidationError("--since: \(error)")
        }
    }

    func validate() throws {
        _ = try self.parsedJobs()
        _ = try self.parsedUsers()
        _ = try self.parsedSince()
        if self.allUsers && self.users != nil { throw ValidationError("-a and -u exclude each other") }
        if self.json && self.parsable { throw ValidationError("--json and --parsable exclude each other") }
    }

    func run() async throws {
        let client = try self.cluster.connect()
        let request = AccountingRequest(
            users: try self.parsedUsers(), allUsers: self.allUsers, jobIDs: try self.parsedJobs(),
            since: try self.parsedSince())
        let answer = try await client.callOrExit(request, command: "qacct")
        if self.json {
            try printDocument(AccountingJSON(answer))
        } else if self.parsable {
            print(AccountingListing.parsableReport(answer, header: !self.noheader), terminator: "")
        } else {
            print(AccountingListing.report(answer, header: !self.noheader), terminator: "")
        }
    }
}
