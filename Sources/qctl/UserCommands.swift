import ArgumentParser
import QPIClient
import QPIDocuments
import QPIWire

/// `qctl user …`: qpu_seconds balances, as sacctmgr modifies users' limits. Admins only.
struct UserCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Set users' qpu_seconds balances and HTTP login passwords (root and AdminUsers only).",
        subcommands: [SetBalance.self, AddSeconds.self, SetPassword.self]
    )

    struct SetBalance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Set a user's qpu_seconds balance.",
            discussion: """
                qpu_seconds=N sets the balance to N seconds (0 or more); qpu_seconds=unlimited removes \
                the limit. A user without an account gets one, if the system knows the name. With \
                EnforceBalance=yes a user at or below 0 has jobs accepted but kept pending \
                (BalanceExhausted), and a job's time limit is cut to the balance left.
                """
        )

        @Argument(help: "The user's login name.") var name: String
        @Argument(help: "qpu_seconds=N or qpu_seconds=unlimited.") var assignment: String
        @Flag(help: "Print the user's account as JSON: balance, usage and admin flag.") var json = false
        @OptionGroup var cluster: ClusterOptions

        /// The balance `assignment` sets; nil is unlimited.
        func parsedBalance() throws -> Double? {
            let parts = self.assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw ValidationError("expected KEY=VALUE such as qpu_seconds=3600, got '\(self.assignment)'")
            }
            guard parts[0].lowercased() == "qpu_seconds" else {
                throw ValidationError("unknown user field '\(parts[0])': the field that can be set is qpu_seconds")
            }
            let value = String(parts[1])
            if value.lowercased() == "unlimited" { return nil }
            guard let seconds = Double(value), seconds.isFinite, seconds >= 0 else {
                throw ValidationError(
                    "invalid qpu_seconds '\(value)': expected a number of seconds, 0 or more, or unlimited")
            }
            return seconds
        }

        func validate() throws {
            _ = try self.parsedBalance()
        }

        func run() async throws {
            let client = try self.cluster.connect()
            let reply = try await client.callOrExit(
                SetBalanceRequest(user: self.name, qpuSeconds: try self.parsedBalance()), command: "qctl")
            try printBalance(reply, json: self.json)
        }
    }

    struct AddSeconds: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-seconds",
            abstract: "Add qpu_seconds to a user's balance (a negative amount takes them away).",
            discussion: """
                The addition is atomic: concurrent additions all count. A user must have a limited \
                balance already (qctl user set NAME qpu_seconds=N). Example: qctl user add-seconds \
                alice 3600; qctl user add-seconds alice -600.
                """
        )

        @Argument(help: "The user's login name.") var name: String
        // Collects what no option claims, so a negative amount (`-600`) is a value, not an option.
        @Argument(parsing: .allUnrecognized, help: "Seconds to add; a negative number takes them away.")
        var seconds: [String] = []
        @Flag(help: "Print the user's account as JSON: balance, usage and admin flag.") var json = false
        @OptionGroup var cluster: ClusterOptions

        func parsedSeconds() throws -> Double {
            guard self.seconds.count == 1 else {
                throw ValidationError(
                    "expected one number of seconds to add, got \(self.seconds.count): \(self.seconds)")
            }
            guard let seconds = Double(self.seconds[0]), seconds.isFinite, seconds != 0 else {
                throw ValidationError("invalid seconds '\(self.seconds[0])': expected a number other than 0")
            }
            return seconds
        }

        func validate() throws {
            _ = try self.parsedSeconds()
        }

        func run() async throws {
            let client = try self.cluster.connect()
            let reply = try await client.callOrExit(
                AddSecondsRequest(user: self.name, seconds: try self.parsedSeconds()), command: "qctl")
            try printBalance(reply, json: self.json)
        }
    }
}

/// Prints a changed balance: `alice: qpu_seconds=3600.000`.
private func printBalance(_ reply: UserOverview, json: Bool) throws {
    if json {
        try printDocument(UserJSON(reply))
    } else {
        print("\(reply.user): qpu_seconds=\(AccountingListing.balance(reply.balance))")
    }
}
