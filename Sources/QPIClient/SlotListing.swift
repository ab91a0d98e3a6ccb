import QPICore
import QPIProcess

/// How `qres` prints time slots, in the local time zone.
public enum SlotListing {
    /// The local zone's offset from UTC now, in seconds.
    public static var localOffset: Int { localUTCOffset }

    /// Reads a `--start`/`--end` value; the error names the option.
    public static func time(_ text: String, option: String, now: Double) throws -> Double {
        do {
            return try BookingTime.parse(text, now: now, utcOffset: Self.localOffset)
        } catch {
            throw SlotInputError("--\(option): \(error)")
        }
    }

    public static func table(_ slots: [Slot], header: Bool = true) -> String {
        var table = TextTable(columns: [
            .init("ID", .right), .init("NAME"), .init("USER"), .init("QPU"), .init("START"), .init("END"),
            .init("DURATION", .right),
        ])
        for slot in slots {
            table.append([
                String(slot.id), slot.name, slot.user, slot.qpu ?? "ALL", Self.text(slot.start), Self.text(slot.end),
                DurationText.slurmFormat(seconds: Int((slot.end - slot.start).rounded())),
            ])
        }
        return table.render(header: header)
    }

    /// `qres show`: one slot as `scontrol show reservation` prints it.
    public static func detail(_ slot: Slot) -> String {
        """
        ReservationId=\(slot.id) ReservationName=\(slot.name)
           User=\(slot.user) QPU=\(slot.qpu ?? "ALL")
           StartTime=\(Self.text(slot.start)) EndTime=\(Self.text(slot.end)) Duration=\(DurationText.slurmFormat(seconds: Int((slot.end - slot.start).rounded())))
           BookedBy=\(slot.createdBy) BookedAt=\(Self.text(slot.createdAt))

        """
    }

    public static func text(_ time: Double) -> String {
        BookingTime.format(time, utcOffset: Self.localOffset)
    }
}

/// A `qres` option value that could not be used, with the option named.
public struct SlotInputError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
