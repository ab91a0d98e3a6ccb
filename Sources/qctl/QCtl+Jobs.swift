import ArgumentParser
import QPIClient
import QPICore
import QPIDocuments
import QPIProcess
import QPIWire

/// `qctl job hold|release|requeue ID…` and `qctl job update ID KEY=VALUE…`, as
/// `scontrol hold|release|requeue|update job`.
struct JobCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job",
        abstract: "Hold, release, change or requeue jobs.",
        subcommands: [HoldJobs.self, ReleaseJobs.self, UpdateJob.self, RequeueJobs.self]
    )
}

/// What hold and release share: the ids, the call and the report.
struct HoldArguments: ParsableArguments {
    @Argument(help: "Jobs: ID, or ID_TASK for one task of an array (an array's ID names its pending tasks).")
    var jobs: [JobReference]
    @OptionGroup var cluster: ClusterOptions

    func validate() throws {
        guard !self.jobs.isEmpty else { throw ValidationError("Name at least one job id.") }
    }

    func send(hold: Bool) async throws {
        let command = hold ? "qctl job hold" : "qctl job release"
        let client = try self.cluster.connect()
        let answer = try await client.callOrExit(
            HoldJobsRequest(ids: [], hold: hold, references: self.jobs), command: command)
        for refusal in answer.refused { printError("\(command): error: job \(refusal.jobID): \(refusal.error)") }
        if !answer.refused.isEmpty { throw ExitCode.failure }
    }
}

struct HoldJobs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold",
        abstract: "Keep pending jobs from starting (reason Held): your own, or any as an administrator.")
    @OptionGroup var arguments: HoldArguments
    func run() async throws { try await self.arguments.send(hold: true) }
}

struct ReleaseJobs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Let held jobs be scheduled again.")
    @OptionGroup var arguments: HoldArguments
    func run() async throws { try await self.arguments.send(hold: false) }
}

struct UpdateJob: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a pending job, as scontrol update job does: your own, or any as an administrator.",
        discussion: """
            Keys (any case): TimeLimit (as qsub --time), QPU, Name, Shots, Priority (administrators \
            only, -10000...10000), Comment (empty removes it), Begin (as qsub --begin; now lets the \
            job start at once). Values are checked as qsub checks its flags; a bad one is refused \
            naming its key, and nothing changes. Prints the job as qstat -j does.
            """)

    @Argument(help: "Job id.") var job: JobID
    @Argument(help: "KEY=VALUE changes.") var changes: [String] = []
    @Flag(help: "Print the changed job as JSON.") var json = false
    @OptionGroup var cluster: ClusterOptions

    func update() throws -> JobUpdate {
        guard !self.changes.isEmpty else {
            throw ValidationError("Name at least one KEY=VALUE: \(JobUpdate.keys.joined(separator: ", ")).")
        }
        do {
            return try JobUpdate.parse(self.changes, now: currentTime(), utcOffset: SlotListing.localOffset)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func validate() throws {
        _ = try self.update()
    }

    func run() async throws {
        let client = try self.cluster.connect()
        let changed = try await client.callOrExit(
            UpdateJobRequest(jobID: self.job, update: try self.update()), command: "qctl job update")
        if self.json {
            try printDocument(JobJSON(changed.job))
        } else {
            print(JobListing.detail(changed.job, events: [], now: currentTime()), terminator: "")
        }
    }
}

struct RequeueJobs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "requeue",
        abstract: "Send running or ended jobs back to the queue, as scontrol requeue does.",
        discussion: """
            Your own jobs, or any as an administrator. A running job is stopped on its QPU first \
            and that run is not charged; an ended job keeps what its run was charged and loses its \
            results. The job's Requeues count grows by one.
            """)

    @Argument(help: "Job ids.") var jobs: [JobID]
    @OptionGroup var cluster: ClusterOptions

    func validate() throws {
        guard !self.jobs.isEmpty else { throw ValidationError("Name at least one job id.") }
    }

    func run() async throws {
        let command = "qctl job requeue"
        let client = try self.cluster.connect()
        let answer = try await client.callOrExit(RequeueJobsRequest(ids: self.jobs), command: command)
        for refusal in answer.refused { printError("\(command): error: job \(refusal.jobID): \(refusal.error)") }
        if !answer.refused.isEmpty { throw ExitCode.failure }
    }
}
