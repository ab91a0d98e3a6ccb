/// Parses the instants `qres book --start/--end` take, Slurm's `--begin` forms:
///
/// - `now`, and `now+D` with a duration (`now+30m`, `now+2h`; a bare number is seconds,
///   as in Slurm);
/// - ISO 8601 `YYYY-MM-DDTHH:MM[:SS]`, with `Z` or `±HH:MM`, else in local time;
/// - `HH:MM[:SS]`: the next such local time, today or else tomorrow.
///
/// Pure: the current time and the local UTC offset are inputs, so tests fix both.
public enum BookingTime {
    /// Seconds since the Unix epoch for `text`, or an error naming the accepted forms.
    ///
    /// - Parameters:
    ///   - now: seconds since the epoch.
    ///   - utcOffset: the local zone's offset from UTC in seconds (east positive).
    public static func parse(_ text: String, now: Double, utcOffset: Int) throws(BookingTimeError) -> Double {
        let trimmed = text.trimmingWhitespace()
        let lower = trimmed.lowercased()
        if lower == "now" { return now }
        if lower.hasPrefix("now+") {
            let rest = String(trimmed.dropFirst(4))
            let seconds = Double(rest) ?? (rest.last?.isNumber == false ? DurationText.seconds(rest) : nil)
            guard let seconds, seconds >= 0, seconds.isFinite else { throw BookingTimeError(text: text) }
            return now + seconds
        }
        if let clock = Self.clock(Substring(trimmed)) {
            let local = now + Double(utcOffset)
            let midnight = (local / 86_400).rounded(.down) * 86_400
            var candidate = midnight + Double(clock) - Double(utcOffset)
            if candidate < now { candidate += 86_400 }
            return candidate
        }
        if let instant = Self.iso8601(trimmed, utcOffset: utcOffset) { return instant }
        throw BookingTimeError(text: text)
    }

    /// Formats an instant as ISO 8601 in the zone at `utcOffset`: `2026-11-26T14:00:00+01:00`.
    public static func format(_ time: Double, utcOffset: Int) -> String {
        let local = Int((time + Double(utcOffset)).rounded(.down))
        let days = Int((Double(local) / 86_400).rounded(.down))
        let seconds = local - days * 86_400
        let (year, month, day) = Self.civil(fromDays: days)
        let sign = utcOffset < 0 ? "-" : "+"
        let offset = abs(utcOffset)
        let zone = utcOffset == 0 ? "Z" : "\(sign)\(pad(offset / 3_600)):\(pad(offset % 3_600 / 60))"
        return "\(year)-\(pad(month))-\(pad(day))T\(pad(seconds / 3_600)):\(pad(seconds % 3_600 / 60)):"
            + "\(pad(seconds % 60))\(zone)"
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Seconds after midnight for `HH:MM` or `HH:MM:SS`.
    private static func clock(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count == 2 }) else { return nil }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count, numbers[0] < 24, numbers[1] < 60, numbers.count == 2 || numbers[2] < 60
        else { return nil }
        return numbers[0] * 3_600 + numbers[1] * 60 + (numbers.count == 3 ? numbers[2] : 0)
    }

    private static func iso8601(_ text: String, utcOffset: Int) -> Double? {
        let parts = text.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        guard date.count == 3, date[0].count == 4, date[1].count == 2, date[2].count == 2,
            let year = Int(date[0]), let month = Int(date[1]), let day = Int(date[2]),
            (1...12).contains(month), (1...Self.daysIn(month, year)).contains(day)
        else { return nil }
        var time = parts[1]
        var offset = utcOffset
        if time.hasSuffix("Z") || time.hasSuffix("z") {
            offset = 0
            time = time.dropLast()
        } else if let signIndex = time.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            guard let zone = Self.clock(time[time.index(after: signIndex)...]), zone % 60 == 0, zone <= 14 * 3_600
            else { return nil }
            offset = time[signIndex] == "-" ? -zone : zone
            time = time[..<signIndex]
        }
        guard let clock = Self.clock(time) else { return nil }
        return Double(Self.days(year: year, month: month, day: day) * 86_400 + clock - offset)
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// A time `qres` could not read, with the forms it accepts.
public struct BookingTimeError: Error, Hashable, Sendable, CustomStringConvertible {
    public var text: String
    public init(text: String) { self.text = text }
    public var description: String {
        "invalid time '\(self.text)': expected now, now+DURATION (now+30m), HH:MM or ISO 8601 "
            + "(2026-11-26T14:00, optionally with Z or +01:00)"
    }
}
