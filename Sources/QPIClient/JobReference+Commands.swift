import ArgumentParser
import QPIControllerClient
import QPICore
import QPIProcess
import QPIWire

extension JobReference: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}

extension ControllerClient {
    /// The jobs `reference` names, in id order (so an array's tasks in task order): one job,
    /// every task of an array, or one task. Exits with the controller's refusal, or with
    /// "no job" when nothing matches.
    public func jobs(namedBy reference: JobReference, command: String) async throws -> [Job] {
        let query = JobQuery(includeFinished: true, references: [reference])
        let jobs = try await self.callOrExit(ListJobsRequest(query: query), command: command).jobs
            .sorted { $0.id < $1.id }
        guard !jobs.isEmpty else {
            printError("\(command): error: no job \(reference)")
            throw ExitCode.failure
        }
        return jobs
    }
}
