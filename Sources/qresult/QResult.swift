import ArgumentParser
import QPIClient
import QPICore
import QPIWire

@main
struct QResult: SlurmStyleAsyncCommand {
    static let configuration = CommandConfiguration(
        commandName: "qresult",
        abstract: "Print a finished job's results: one Qiskit-format counts entry per circuit.",
        discussion: "Users may read only their own jobs' results; root and AdminUsers may read any.",
        version: QPIVersion.current
    )

    @Argument(help: "Job id.") var job: JobID
    @Flag(help: "Print the Qiskit-format result as JSON.") var json = false
    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        let client = try self.cluster.connect()
        let answer = try await client.callOrExit(ResultRequest(jobID: self.job), command: "qresult")
        if self.json {
            print(
                try ResultDocument(
                    backendName: answer.job.qpu ?? "qpi", jobID: String(self.job), results: answer.results
                ).jsonText())
        } else {
            print(CountsTable.render(answer.results), terminator: "")
        }
    }
}
