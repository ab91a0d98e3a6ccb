import Foundation

/// The offset from UTC, in seconds, of this process's time zone now: what commands print
/// times in and read times without a zone as.
public var localUTCOffset: Int { TimeZone.current.secondsFromGMT() }
