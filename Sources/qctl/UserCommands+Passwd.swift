import ArgumentParser
import Foundation
import QPIClient
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
                The controller keeps only a scrypt hash. With DisableEmailPasswordAuth=true logins are \
                refused whatever the password.
                """
        )

        @Argument(help: "The user's login name.") var name: String
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("no password on standard input; give it as the first line")
            }
            let client = try self.cluster.connect()
            let reply = try await client.callOrExit(
                SetPasswordRequest(user: self.name, password: line), command: "qctl")
            print("Password set for \(reply.user)")
        }
    }
}
