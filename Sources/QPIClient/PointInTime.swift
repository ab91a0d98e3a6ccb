import QPICore
import QPIProcess

/// A point in time given on a command line (`qacct -S/-E`), read as Slurm reads
/// `--starttime`: `now`, `now-DURATION` (`now-2h`, `now-1d`), a date `YYYY-MM-DD` (its
/// midnight), `YYYY-MM-DDTHH:MM[:SS]`, or `HH:MM[:SS]` today, in local time; and what
/// else `qres` takes (`BookingTime`): `now+DURATION`, ISO 8601 with `Z` or `±HH:MM`.
public enum PointInTime {
    /// Seconds since the Unix epoch for `text`, with `now` the current time.
    ///
    /// - Throws: `ValidationError`-ready text naming the accepted forms.
    public static func parse(_ text: String, now: Double, timeZone: CivilTimeZone = .local) throws(PointInTimeError)
        -> Double
    {
        do {
            return try Self.parsePast(text, now: now, timeZone: timeZone)
        } catch {
            // Past-looking forms first: `HH:MM` means today here, the next such time for qres.
            let offset = timeZone.utcOffset(at: now)
            guard let time = try? BookingTime.parse(text, now: now, utcOffset: offset) else { throw error }
            return time
        }
    }

    private static func parsePast(_ text: String, now: Double, timeZone: CivilTimeZone) throws(PointInTimeError)
        -> Double
    {
        let trimmed = text.trimmingWhitespace()
        let lower = trimmed.lowercased()
        if lower == "now" { return now }
        if lower.hasPrefix("now-") {
            guard let seconds = DurationText.seconds(String(trimmed.dropFirst(4))), seconds >= 0 else {
                throw PointInTimeError(text)
            }
            return now - seconds
        }
        let parts = trimmed.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        var civil: CivilTimeZone.Civil
        if parts.count == 2 || trimmed.contains("-") {
            let date = parts[0].split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard date.count == 3, let year = date[0], let month = date[1], let day = date[2],
                (1...12).contains(month), (1...31).contains(day)
            else { throw PointInTimeError(text) }
            civil = .init(year: year, month: month, day: day)
            if parts.count == 2 {
                guard let clock = Self.clock(parts[1]) else { throw PointInTimeError(text) }
                (civil.hour, civil.minute, civil.second) = clock
            }
        } else {
            guard let clock = Self.clock(Substring(trimmed)) else { throw PointInTimeError(text) }
            civil = timeZone.civil(at: now)
            (civil.hour, civil.minute, civil.second) = clock
        }
        guard let seconds = timeZone.seconds(of: civil) else { throw PointInTimeError(text) }
        return seconds
    }

    /// `HH:MM` or `HH:MM:SS`.
    private static func clock(_ text: Substring) -> (Int, Int, Int)? {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard fields.count == 2 || fields.count == 3, let hour = fields[0], let minute = fields[1],
            (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        let second = fields.count == 3 ? fields[2] : 0
        guard let second, (0...59).contains(second) else { return nil }
        return (hour, minute, second)
    }
}

/// A point in time that `PointInTime.parse` cannot read.
public struct PointInTimeError: Error, Sendable, CustomStringConvertible {
    public var text: String

    init(_ text: String) {
        self.text = text
    }

    public var description: String {
        "invalid time '\(self.text)': expected now, now-DURATION (now-2h), now+DURATION, YYYY-MM-DD, "
            + "YYYY-MM-DDTHH:MM[:SS] (optionally with Z or +01:00) or HH:MM[:SS]"
    }
}
