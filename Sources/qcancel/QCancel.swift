import ArgumentParser
import QPIClient
import QPICore
import QPIProcess
import QPIWire

@main
struct QCancel: SlurmStyleAsyncCommand {
    static let configuration = CommandConfiguration(
        commandName: "qcancel",
        abstract: "Cancel pending or running jobs, as scancel does.",
        discussion: """
            Running jobs are stopped on their QPU. Users may cancel only their own jobs; root and \
            AdminUsers may cancel any. Silent on success; each job that could not be cancelled is \
            reported and the exit status is 1.
            """,
        version: QPIVersion.current
    )

    @Argument(help: "Jobs: ID, or ID_TASK for one task of an array (an array's ID cancels every task).")
    var jobs: [JobReference] = []
    @Option(name: [.customShort("u"), .customLong("user")], help: "Cancel this user's jobs.") var user: String?
    @Option(
        name: [.customShort("t"), .customLong("state")], help: "Only jobs in this state (PENDING/PD or RUNNING/R).")
    var state: String?
    @Flag(name: .shortAndLong, help: "Report each cancelled job.") var verbose = false
    @OptionGroup var cluster: ClusterOptions

    func parsedState() throws -> JobState? {
        guard let state else { return nil }
        guard let parsed = JobState(nameOrCode: state), !parsed.isFinished else {
            throw ValidationError("invalid state '\(state)' for -t: expected PENDING (PD) or RUNNING (R)")
        }
        return parsed
    }

    func validate() throws {
        _ = try self.parsedState()
        guard !self.jobs.isEmpty || self.user != nil || self.state != nil else {
            throw ValidationError("Name jobs to cancel, or select them with -u USER or -t STATE.")
        }
    }

    func run() async throws {
        let client = try self.cluster.connect()
        let query = JobQuery(
            users: self.user.map { [$0] }, states: try self.parsedState().map { [$0] },
            references: self.jobs.isEmpty ? nil : self.jobs)
        let answer = try await client.callOrExit(CancelRequest(query: query), command: "qcancel")
        if self.verbose {
            for id in answer.cancelled { print("qcancel: cancelled job \(id)") }
        }
        for refusal in answer.refused { printError("qcancel: error: job \(refusal.jobID): \(refusal.error)") }
        if !answer.refused.isEmpty { throw ExitCode.failure }
    }
}
