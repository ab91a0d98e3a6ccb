import ArgumentParser
import QPIClient
import QPICore
import QPIProcess

/// `qctl ping`: is the controller up, as `scontrol ping` tells.
struct PingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ping",
        abstract: "Check that qpictld answers, and how fast; exits 1 when it does not (like scontrol ping).",
        discussion: """
            The round trip runs from sending a ping request to reading the answer, munge signing \
            included. A controller that answers with an error (a refused credential, say) is up; \
            the error is shown.
            """
    )

    @Option(help: "Seconds to wait for the answer.") var timeout = 5.0
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var cluster: ClusterOptions

    func validate() throws {
        guard self.timeout.isFinite, self.timeout > 0 else {
            throw ValidationError("--timeout must be a number of seconds above 0, got \(self.timeout)")
        }
    }

    func run() async throws {
        let configuration = try self.cluster.loadConfiguration()
        let outcome = await ControllerPing.ping(configuration, timeout: .seconds(self.timeout))
        if self.json {
            try printJSON(outcome)
        } else if outcome.up {
            let latency = outcome.roundTripSeconds.map { String(printf: ", round trip %.3f ms", $0 * 1_000) } ?? ""
            print("qpictld at \(outcome.controller) is UP\(outcome.cluster.map { " (cluster \($0))" } ?? "")\(latency)")
            if let error = outcome.error { printError("qctl ping: the controller answered with an error: \(error)") }
        } else {
            print("qpictld at \(outcome.controller) is DOWN")
            printError("qctl ping: \(outcome.error ?? "no answer")")
        }
        if !outcome.up { throw ExitCode.failure }
    }
}
