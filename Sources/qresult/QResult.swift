import ArgumentParser
import QPIClient
import QPIControllerClient
import QPICore
import QPIDocuments
import QPIProcess
import QPIWire

@main
struct QResult: SlurmStyleAsyncCommand {
    static let configuration = CommandConfiguration(
        commandName: "qresult",
        abstract: "Print a finished job's results: one Qiskit-format counts entry per circuit.",
        discussion: """
            Users may read only their own jobs' results; root and AdminUsers may read any. For a job \
            array, ID prints every task's results in task order (--json: a list of documents) and \
            ID_TASK one task's; a task without results is reported and the exit status is 1.
            """,
        version: QPIVersion.current
    )

    @Argument(help: "Job: ID, or ID_TASK for one task of an array.") var job: JobReference
    @Flag(help: "Print the Qiskit-format result as JSON.") var json = false
    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        let client = try self.cluster.connect()
        if self.job.taskID == nil {
            // One request for a single job. An array is named by its first task's id: the answer
            // tells it apart, or, when that task has no results yet, a listing does.
            do {
                let answer = try await client.call(ResultRequest(jobID: self.job.jobID))
                guard answer.job.array?.arrayJobID == self.job.jobID else {
                    if self.json {
                        print(try Self.document(answer).jsonText())
                    } else {
                        print(CountsTable.render(answer.results), terminator: "")
                    }
                    return
                }
            } catch {
                let query = JobQuery(ids: [self.job.jobID], includeFinished: true)
                let listed = try await client.callOrExit(ListJobsRequest(query: query), command: "qresult").jobs
                guard listed.first?.array?.arrayJobID == self.job.jobID else {
                    printError("qresult: error: \(error)")
                    throw ExitCode.failure
                }
            }
        }
        var documents: [ResultDocument] = []
        var missing = false
        for task in try await client.jobs(namedBy: self.job, command: "qresult") {
            let answer: ResultRequest.Response
            do {
                answer = try await client.call(ResultRequest(jobID: task.id))
            } catch {
                printError("qresult: error: job \(task.reference): \(error)")
                missing = true
                continue
            }
            if self.json {
                documents.append(Self.document(answer))
            } else {
                print("\(task.reference):")
                print(CountsTable.render(answer.results), terminator: "")
            }
        }
        if self.json { print(try ResultDocument.jsonList(documents)) }
        if missing { throw ExitCode.failure }
    }

    static func document(_ answer: ResultRequest.Response) -> ResultDocument {
        ResultDocument(
            backendName: answer.job.qpu ?? "qpi", jobID: answer.job.reference.description, results: answer.results)
    }
}
