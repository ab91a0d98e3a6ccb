import ArgumentParser
import QPIClient
import QPICore
import QPIWire

/// `qctl job hold|release ID…`, as `scontrol hold|release`.
struct JobCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job",
        abstract: "Hold or release pending jobs.",
        subcommands: [HoldJobs.self, ReleaseJobs.self]
    )
}

/// What hold and release share: the ids, the call and the report.
struct HoldArguments: ParsableArguments {
    @Argument(help: "Job ids.") var jobs: [JobID]
    @OptionGroup var cluster: ClusterOptions

    func validate() throws {
        guard !self.jobs.isEmpty else { throw ValidationError("Name at least one job id.") }
    }

    func send(hold: Bool) async throws {
        let command = hold ? "qctl job hold" : "qctl job release"
        let client = try self.cluster.connect()
        let answer = try await client.callOrExit(HoldJobsRequest(ids: self.jobs, hold: hold), command: command)
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
