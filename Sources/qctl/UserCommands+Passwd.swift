import ArgumentParser
import QPIClient
import QPIConfig
import QPIProcess
import QPIWire

extension UserCommands {
    /// `qctl user passwd NAME`: the password for `POST /api/auth/login`, read from stdin.
    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "passwd",
            abstract: "Set a user's password for the HTTP API's login, read from standard input.",
            discussion: """
                The first line of standard input is the password (at least 8 characters), so it \
                never appears in the process list: printf '%s\\n' "$PASSWORD" | qctl user passwd alice. \
                The controller keeps only a scrypt hash. It runs on the controller's host only (the \
                command port is plain TCP); elsewhere use the HTTPS API. With DisableEmailPasswordAuth=true logins are \
                refused whatever the password.
                """
        )

        @Argument(help: "The user's login name.") var name: String
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let configuration = try self.cluster.loadConfiguration()
            // The command port is plain TCP; the controller would refuse the password, but only
            // after it had crossed the network in clear.
            guard ThisHost.contains(configuration.controlAddr) else {
                printError(
                    "error: the controller (ControlAddr=\(configuration.controlAddr)) is on another host and "
                        + "the command port is plain TCP, so the password would cross the network in clear; "
                        + "run this on the controller's host, or use PATCH /api/admin/users/\(self.name) over HTTPS")
                throw ExitCode.failure
            }
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("no password on standard input; give it as the first line")
            }
            let client = try self.cluster.connect(to: configuration)
            let reply = try await client.callOrExit(
                SetPasswordRequest(user: self.name, password: line), command: "qctl")
            print("Password set for \(reply.user)")
        }
    }
}
