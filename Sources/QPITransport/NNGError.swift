import CNNG

/// An error reported by NNG: which call failed, NNG's stable code and NNG's own message.
///
/// Compare ``code`` against the static members of ``NNGError/Code`` (`.timedOut`, `.closed`,
/// `.connectionRefused`, …); the message is for people and logs, not for matching.
public struct NNGError: Error, Hashable, Sendable {
    /// What went wrong, stable across NNG versions.
    public let code: Code
    /// NNG's error number: an `NNG_E…` value, or `NNG_ESYSERR`/`NNG_ETRANERR` ORed with a
    /// system or transport error.
    public let number: Int32
    /// NNG's description of ``number`` (from `nng_strerror`).
    public let message: String
    /// The NNG function that failed, for example `nng_dialer_start`.
    public let call: String
    /// What the call was working on (a URL, an option name); nil when there is nothing to add.
    public let subject: String?

    init(number: Int32, call: String, subject: String? = nil) {
        self.code = Code(number: number)
        self.number = number
        self.message = String(cString: nng_strerror(number))
        self.call = call
        self.subject = subject
    }
}

extension NNGError: CustomStringConvertible {
    /// One line for logs: `nng_dialer_start(tcp://127.0.0.1:5000): Connection refused [connectionRefused]`.
    public var description: String {
        let target = self.subject.map { "(\($0))" } ?? ""
        return "\(self.call)\(target): \(self.message) [\(self.code)]"
    }
}
