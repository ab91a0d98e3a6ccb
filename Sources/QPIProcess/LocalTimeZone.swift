#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The offset from UTC, in seconds, of this process's time zone now: what commands print
/// times in and read times without a zone as.
public var localUTCOffset: Int { CivilTimeZone.local.utcOffset(at: Double(time(nil))) }

/// Civil dates and clock times against Unix time, in this process's time zone (`TZ`, else
/// `/etc/localtime`, read by the C library) or in UTC. The C library, not Foundation's
/// `TimeZone`: without Foundation's ICU half, which commands do not link for its start-up
/// cost, `TimeZone.current` is always UTC.
public enum CivilTimeZone: Sendable {
    case local
    case utc

    /// A civil date, and a clock time on it.
    public struct Civil: Sendable, Equatable {
        public var year: Int
        public var month: Int
        public var day: Int
        public var hour = 0
        public var minute = 0
        public var second = 0

        public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
            (self.year, self.month, self.day) = (year, month, day)
            (self.hour, self.minute, self.second) = (hour, minute, second)
        }
    }

    /// Seconds since the Unix epoch of `civil` in this zone; nil when no such date exists
    /// (February 30) or the C library cannot represent it. A clock time that a daylight
    /// saving change skips or repeats reads as the C library's `mktime` reads it.
    public func seconds(of civil: Civil) -> Double? {
        var fields = tm()
        fields.tm_year = Int32(civil.year - 1900)
        fields.tm_mon = Int32(civil.month - 1)
        fields.tm_mday = Int32(civil.day)
        fields.tm_hour = Int32(civil.hour)
        fields.tm_min = Int32(civil.minute)
        fields.tm_sec = Int32(civil.second)
        fields.tm_isdst = -1
        let seconds =
            switch self {
            case .local: mktime(&fields)
            case .utc: timegm(&fields)
            }
        // Both normalize out-of-range fields (February 30 becomes March 2): such a date does not exist.
        guard seconds != -1 || (civil.year == 1969 && civil.month == 12 && civil.day == 31),
            Int(fields.tm_mday) == civil.day, Int(fields.tm_mon) == civil.month - 1
        else { return nil }
        return Double(seconds)
    }

    /// The civil date and time at `seconds` since the Unix epoch in this zone.
    public func civil(at seconds: Double) -> Civil {
        let fields = self.fields(at: seconds)
        return Civil(
            year: Int(fields.tm_year) + 1900, month: Int(fields.tm_mon) + 1, day: Int(fields.tm_mday),
            hour: Int(fields.tm_hour), minute: Int(fields.tm_min), second: Int(fields.tm_sec))
    }

    /// The zone's offset from UTC at `seconds` since the Unix epoch, daylight saving included.
    public func utcOffset(at seconds: Double) -> Int {
        Int(self.fields(at: seconds).tm_gmtoff)
    }

    private func fields(at seconds: Double) -> tm {
        var time = time_t(seconds.rounded(.down))
        var fields = tm()
        switch self {
        case .local: _ = localtime_r(&time, &fields)
        case .utc: _ = gmtime_r(&time, &fields)
        }
        return fields
    }
}
