import ArgumentParser
import QPIClient
import QPIWire

/// `qctl reconfigure`: qpictld re-reads its configuration, as `scontrol reconfigure` does.
struct ReconfigureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconfigure",
        abstract: "Make qpictld re-read qpi.conf without stopping jobs (admins; same as SIGHUP).",
        discussion: """
            Flags and QPI_* variables qpictld was started with stay in force over the file. Keys \
            that can change live apply at once; the others are named as needing a restart and keep \
            their running values (`qctl show config` marks which are which). A file with errors is \
            refused with its file:line messages and changes nothing.
            """
    )
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        let client = try self.cluster.connect()
        let reply = try await client.callOrExit(ReconfigureRequest(), command: "qctl reconfigure")
        if self.json {
            try printJSON(reply)
            return
        }
        print("reconfigured from \(reply.path ?? "defaults (no configuration file found)")")
        print(reply.applied.isEmpty ? "no live key changed" : "applied: \(reply.applied.joined(separator: ", "))")
        if !reply.needRestart.isEmpty {
            print("changed but need a restart: \(reply.needRestart.joined(separator: ", "))")
        }
    }
}

/// `qctl show …`: what the running controller holds.
struct ShowCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the running controller's state.",
        subcommands: [Config.self]
    )

    struct Config: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every configuration key in force in qpictld, with where its value came from.",
            discussion: """
                SOURCE is flag, env, file or default; ORIGIN names the flag, the QPI_* variable or \
                the file:line. LIVE says whether `qctl reconfigure` applies a change of the key \
                (no: it needs a restart of qpictld).
                """
        )
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let client = try self.cluster.connect()
            let reply = try await client.callOrExit(ShowConfigRequest(), command: "qctl show config")
            if self.json {
                try printJSON(reply)
                return
            }
            print("Configuration file: \(reply.path ?? "none")")
            var table = TextTable(columns: [
                .init("KEY"), .init("VALUE"), .init("SOURCE"), .init("LIVE"), .init("ORIGIN"),
            ])
            for entry in reply.entries {
                table.append([
                    entry.key, entry.value.isEmpty ? "(none)" : entry.value, entry.source, entry.live ? "yes" : "no",
                    entry.origin,
                ])
            }
            print(table.render(), terminator: "")
            for qpu in reply.qpus { print("QPU \(qpu)") }
        }
    }
}
