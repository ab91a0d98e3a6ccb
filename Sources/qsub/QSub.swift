import ArgumentParser
import QPIClient
import QPICore
import QPIProcess
import QPIWire

@main
struct QSub: SlurmStyleAsyncCommand {
    static let configuration = CommandConfiguration(
        commandName: "qsub",
        abstract: "Submit OpenQASM job scripts to the QPI controller, as sbatch does.",
        discussion: """
            The scripts are parsed here first, so bad OpenQASM fails with file:line:col before \
            the controller is contacted. Leading '// QPI --option=value' lines set job options; \
            flags override them. Several files, or a file with several OPENQASM sections, make \
            one job with several circuits. Prints 'Submitted job N' (just N with --parsable); \
            for an array (--array), N is the array's id and its tasks are N_TASK.
            """,
        version: QPIVersion.current
    )

    @Argument(help: "Job scripts ('-' for standard input).") var files: [String]
    @OptionGroup var job: SubmitOptions
    @Flag(help: "Wait for the job to end and print its counts.") var wait = false
    @Flag(help: "Print only the job id.") var parsable = false
    @Flag(help: "With --wait, print the result as JSON.") var json = false
    @OptionGroup var cluster: ClusterOptions

    func validate() throws {
        try self.job.validate(files: self.files)
    }

    func run() async throws {
        let configuration = try self.cluster.loadConfiguration()
        let request = try self.job.request(files: self.files, configuration: configuration)
        if self.wait, request.options.array != nil {
            throw ValidationError(
                "--wait waits for one job: list an array's tasks with qstat ID and read their results with qresult ID.")
        }
        let client = try self.cluster.connect(to: configuration)
        let jobID = try await client.submitOrExit(request, command: "qsub")
        print(self.parsable ? "\(jobID)" : "Submitted job \(jobID)")
        if self.wait {
            try await JobWaiter.waitAndPrint(jobID, client: client, json: self.json, command: "qsub")
        }
    }
}
