import ArgumentParser
import QPIClient
import QPIWire

@main
struct QInfo: SlurmStyleAsyncCommand {
    static let configuration = CommandConfiguration(
        commandName: "qinfo",
        abstract: "Show the QPUs and their states, as sinfo does.",
        discussion: "Columns: QPU STATE EXECUTOR QUBITS JOBS (running/pending that asked for it) REASON."
    )

    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        let client = try self.cluster.connect()
        let qpus = try await client.callOrExit(ListQPUsRequest(), command: "qinfo").qpus
        if self.json { try printJSON(qpus) } else { print(JobListing.qpus(qpus), terminator: "") }
    }
}
