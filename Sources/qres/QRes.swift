import ArgumentParser
import QPIClient

/// Booked time slots on QPUs (Slurm's reservations) and requests for more QPU time. Each
/// group of subcommands lives in its own file and is listed here.
@main
struct QRes: SlurmStyleAsyncCommand {
    static let configuration = CommandConfiguration(
        commandName: "qres",
        abstract: "Book time slots on QPUs and ask for more QPU time.",
        subcommands: [RequestTime.self, ListTimeRequests.self]
    )
}
