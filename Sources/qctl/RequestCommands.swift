import ArgumentParser
import QPIClient
import QPICore
import QPIDocuments
import QPIWire

/// `qctl request …`: deciding users' requests for more qpu_seconds. Admins only.
struct RequestCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Approve or reject time requests (root and AdminUsers only).",
        discussion: """
            Users file requests with qres request; qres requests --all lists them. A request is \
            decided once: approving adds its seconds to the user's balance in the same transaction, \
            and a second decision on it is refused.
            """,
        subcommands: [Approve.self, Reject.self]
    )

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve a pending request, adding its seconds to the user's balance.")
        @OptionGroup var decision: Decision
        func run() async throws { try await self.decision.send(approve: true) }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a pending request.")
        @OptionGroup var decision: Decision
        func run() async throws { try await self.decision.send(approve: false) }
    }

    struct Decision: ParsableArguments {
        @Argument(help: "The request's id (from qres requests --all).") var id: Int64
        @Option(help: "A note to the user.") var note: String?
        @Flag(help: "Print the decided request as JSON.") var json = false
        @OptionGroup var cluster: ClusterOptions

        func validate() throws {
            guard self.id > 0 else {
                throw ValidationError("invalid request id \(self.id): expected a positive number")
            }
        }

        func send(approve: Bool) async throws {
            let client = try self.cluster.connect()
            let reply = try await client.callOrExit(
                DecideTimeRequest(id: self.id, approve: approve, note: self.note), command: "qctl")
            if self.json {
                try printDocument(DecidedTimeRequestJSON(reply))
                return
            }
            let request = reply.request
            print(
                "Request \(request.id) \(request.state.rawValue.lowercased()): \(request.user) has "
                    + "qpu_seconds=\(AccountingListing.balance(reply.balance))")
        }
    }
}
