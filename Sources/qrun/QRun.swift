import ArgumentParser
import QPIClient
import QPICore
import QPIProcess
import QPIWire

@main
struct QRun: SlurmStyleAsyncCommand {
    static let configuration = CommandConfiguration(
        commandName: "qrun",
        abstract: "Submit a job script, wait for it, and print its counts, as srun does.",
        discussion: "Takes the same job options as qsub. Exits 1 if the job does not complete.",
        version: QPIVersion.current
    )

    @Argument(help: "Job scripts ('-' for standard input).") var files: [String]
    @OptionGroup var job: SubmitOptions
    @Flag(help: "Print the result as JSON.") var json = false
    @OptionGroup var cluster: ClusterOptions

    func validate() throws {
        try self.job.validate(files: self.files)
    }

    func run() async throws {
        let configuration = try self.cluster.loadConfiguration()
        let request = try self.job.request(files: self.files, configuration: configuration)
        guard request.options.array == nil else {
            throw ValidationError(
                "qrun runs one job: submit an array with qsub --array, and read its results with qresult ID.")
        }
        let client = try self.cluster.connect(to: configuration)
        let jobID = try await client.submitOrExit(request, command: "qrun")
        try await JobWaiter.waitAndPrint(jobID, client: client, json: self.json, command: "qrun")
    }
}
