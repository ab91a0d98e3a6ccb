import CNNG

// NNG declares its flags as unsigned macros, which Swift imports as UInt32, while its
// functions take `int` flags: convert once here.
extension Int32 {
    /// `NNG_FLAG_NONBLOCK` as the functions want it.
    static let nngNonBlocking = Int32(bitPattern: NNG_FLAG_NONBLOCK)

    /// `NNG_EAGAIN`: a non-blocking send or receive could not proceed.
    static let nngTryAgain = Int32(bitPattern: NNG_EAGAIN.rawValue)

    /// `NNG_ECLOSED`: the socket or context has been closed.
    static let nngClosed = Int32(bitPattern: NNG_ECLOSED.rawValue)

    /// `NNG_ECANCELED`: the operation was cancelled.
    static let nngCanceled = Int32(bitPattern: NNG_ECANCELED.rawValue)
}

extension Duration {
    /// Milliseconds for NNG, rounded up so a short positive duration never becomes "no wait",
    /// and clamped to what `nng_duration` (an `int32_t`) holds.
    var nngMilliseconds: nng_duration {
        guard self > .zero else { return 0 }
        let (seconds, attoseconds) = self.components
        let milliseconds = seconds.multipliedReportingOverflow(by: 1000)
        guard !milliseconds.overflow else { return .max }
        let fraction = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return nng_duration(clamping: milliseconds.partialValue + fraction)
    }
}

extension Optional where Wrapped == Duration {
    /// Milliseconds for NNG; nil means wait forever.
    var nngMilliseconds: nng_duration {
        self?.nngMilliseconds ?? nng_duration(NNG_DURATION_INFINITE)
    }
}
