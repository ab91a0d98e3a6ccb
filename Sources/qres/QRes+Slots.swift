import ArgumentParser
import QPIClient
import QPICore
import QPIDocuments
import QPIWire

/// `qres book|list|show|cancel`: booked time slots on QPUs.
struct BookSlot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "book",
        abstract: "Book a time slot on one QPU (--qpu) or on all of them (--all).",
        discussion: """
            TIME is now, now+DURATION (now+30m; a bare number is seconds), HH:MM (the next such \
            local time) or ISO 8601 (2026-11-26T14:00, local unless it ends in Z or +HH:MM). \
            Inside the slot your jobs run first on the QPU; when you have none pending and have \
            been idle for IdleThreshold, others' jobs that end before the slot does may borrow it. \
            Slots may not overlap on a QPU, start in the past, last longer than MaxBookingDuration \
            or start beyond BookingHorizon. A user's slots are one QPU each, no shorter than \
            MinBookingDuration, and within MaxSlotsPerUser and MaxBookedSecondsPerUser. \
            Administrators are not limited, may book --all QPUs, and book for another user with --user.
            """
    )

    @Option(help: "The QPU to book.") var qpu: String?
    @Flag(help: "Book every QPU.") var all = false
    @Option(help: "When the slot starts (TIME).") var start: String
    @Option(help: "How long it lasts: 30m, 2h, HH:MM:SS.") var duration: String?
    @Option(help: "When it ends (TIME), instead of --duration.") var end: String?
    @Option(help: "Book for this user (administrators only).") var user: String?
    @Option(help: "A name for the slot.") var name: String?
    @Flag(help: "Print only the slot id.") var parsable = false
    @OptionGroup var cluster: ClusterOptions

    func validate() throws {
        guard (self.qpu != nil) != self.all else { throw ValidationError("Give exactly one of --qpu NAME and --all.") }
        guard (self.duration != nil) != (self.end != nil) else {
            throw ValidationError("Give exactly one of --duration D and --end TIME.")
        }
        _ = try self.interval(now: currentTime())
    }

    func interval(now: Double) throws -> (start: Double, end: Double) {
        do {
            let start = try SlotListing.time(self.start, option: "start", now: now)
            if let duration = self.duration {
                guard let seconds = DurationText.seconds(duration), seconds > 0 else {
                    throw ValidationError(
                        "Invalid value '\(duration)' for '--duration': expected a duration such as 30m, 2h or HH:MM:SS."
                    )
                }
                return (start, start + seconds)
            }
            return (start, try SlotListing.time(self.end ?? "", option: "end", now: now))
        } catch let error as SlotInputError {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let (start, end) = try self.interval(now: currentTime())
        let client = try self.cluster.connect()
        let slot = try await client.callOrExit(
            BookRequest(qpu: self.qpu, start: start, end: end, user: self.user, name: self.name), command: "qres book"
        ).slot
        if self.parsable {
            print(slot.id)
        } else {
            print(
                "Booked slot \(slot.id) '\(slot.name)' for \(slot.user) on \(slot.qpu ?? "all QPUs") "
                    + "from \(SlotListing.text(slot.start)) to \(SlotListing.text(slot.end))")
        }
    }
}

struct ListSlots: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List time slots that have not ended, by start time.")

    @Option(help: "Only slots on this QPU (slots on all QPUs included).") var qpu: String?
    @Option(help: "Only slots of this user.") var user: String?
    @Flag(help: "Print JSON, the document the HTTP API serves (openapi.json).") var json = false
    @Flag(help: "Omit the header line.") var noheader = false
    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        let client = try self.cluster.connect()
        let slots = try await client.callOrExit(
            ListSlotsRequest(qpu: self.qpu, user: self.user), command: "qres list"
        ).slots
        if self.json {
            try printDocument(ListJSON(items: slots.map(SlotJSON.init)))
        } else {
            print(SlotListing.table(slots, header: !self.noheader), terminator: "")
        }
    }
}

struct ShowSlot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one time slot.")

    @Argument(help: "The slot id.") var id: Int64
    @Flag(help: "Print JSON, the document the HTTP API serves (openapi.json).") var json = false
    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        let client = try self.cluster.connect()
        let slot = try await client.callOrExit(ShowSlotRequest(id: self.id), command: "qres show").slot
        if self.json {
            try printDocument(SlotJSON(slot))
        } else {
            print(SlotListing.detail(slot), terminator: "")
        }
    }
}

struct CancelSlot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel", abstract: "Cancel a time slot: yours, or any as an administrator.")

    @Argument(help: "The slot id.") var id: Int64
    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        let client = try self.cluster.connect()
        let slot = try await client.callOrExit(CancelSlotRequest(id: self.id), command: "qres cancel")
            .slot
        print("Cancelled slot \(slot.id) '\(slot.name)'")
    }
}
