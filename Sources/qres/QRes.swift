import ArgumentParser
import QPIClient
import QPICore
import QPIProcess

/// Booked time slots on QPUs (Slurm's reservations) and requests for more QPU time. Each
/// group of subcommands lives in its own file and is listed here.
@main
struct QRes: SlurmStyleAsyncCommand {
    static let configuration = CommandConfiguration(
        commandName: "qres",
        abstract: "Book time slots on QPUs and ask for more QPU time.",
        version: QPIVersion.current,
        subcommands: [
            BookSlot.self, ListSlots.self, ShowSlot.self, CancelSlot.self, RequestTime.self, ListTimeRequests.self,
        ]
    )
}
