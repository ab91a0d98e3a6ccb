import ArgumentParser
import QPIClient
import QPICore
import QPIProcess

/// Administration of a running cluster, as scontrol is for Slurm. Each group of
/// subcommands lives in its own file and is listed here.
@main
struct QCtl: SlurmStyleAsyncCommand {
    static let configuration = CommandConfiguration(
        commandName: "qctl",
        abstract: """
            Administer the cluster: jobs, users and balances, QPUs, time requests, tokens, \
            notifications, backups, diagnostics, configuration.
            """,
        version: QPIVersion.current,
        subcommands: [
            UserCommands.self, RequestCommands.self, QPUCommands.self, TokenCommands.self, JobCommands.self,
            NotifyCommands.self,
            BackupCommand.self,
            DiagCommand.self, PingCommand.self,
            ReconfigureCommand.self, ShowCommands.self,
        ]
    )
}
