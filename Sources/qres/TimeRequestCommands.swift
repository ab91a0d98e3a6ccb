import ArgumentParser
import QPIClient
import QPICore
import QPIDocuments
import QPIWire

/// `qres request`: ask the admins for more qpu_seconds.
struct RequestTime: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Ask for more qpu_seconds; an admin approves (qctl request approve) or rejects it.",
        discussion: "--seconds takes a number of seconds, or a duration with a unit (90m, 2h, 1d)."
    )

    @Option(help: "qpu_seconds wanted.") var seconds: String
    @Option(help: "Why you need them.") var reason: String
    @Flag(help: "Print the request as JSON.") var json = false
    @OptionGroup var cluster: ClusterOptions

    func parsedSeconds() throws -> Double {
        // A bare number is seconds here (not minutes, as in a Slurm time limit).
        let seconds = Double(self.seconds) ?? (self.seconds.contains(":") ? nil : DurationText.seconds(self.seconds))
        guard let seconds, seconds.isFinite, seconds > 0 else {
            throw ValidationError(
                "invalid --seconds '\(self.seconds)': expected a number above 0, or a duration such as 2h")
        }
        return seconds
    }

    func validate() throws {
        _ = try self.parsedSeconds()
        guard !self.reason.trimmingWhitespace().isEmpty else { throw ValidationError("--reason must say why") }
    }

    func run() async throws {
        let client = try self.cluster.connect()
        let request = try await client.callOrExit(
            FileTimeRequest(seconds: try self.parsedSeconds(), reason: self.reason), command: "qres")
        if self.json {
            try printDocument(TimeRequestJSON(request))
        } else {
            print("Submitted time request \(request.id) for \(AccountingListing.balance(request.seconds)) qpu_seconds")
        }
    }
}

/// `qres requests`: your time requests and where they stand.
struct ListTimeRequests: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "requests",
        abstract: "List your time requests, or with --all everyone's (root and AdminUsers only)."
    )

    @Flag(help: "Every user's requests (admins only).") var all = false
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Omit the header line.") var noheader = false
    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        let client = try self.cluster.connect()
        let requests = try await client.callOrExit(ListTimeRequestsRequest(all: self.all), command: "qres").requests
        if self.json {
            try printDocument(ListJSON(items: requests.map(TimeRequestJSON.init)))
        } else {
            print(AccountingListing.timeRequests(requests, header: !self.noheader), terminator: "")
        }
    }
}
