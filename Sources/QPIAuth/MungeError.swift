import CMunge

/// An error reported by munge: which call failed, munge's stable code and its message.
///
/// Compare ``code`` against the static members of ``MungeError/Code`` (`.socket`, `.expired`,
/// `.replayed`, …); the message is for people and logs, not for matching.
public struct MungeError: Error, Hashable, Sendable {
    /// What went wrong, stable across munge versions.
    public let code: Code
    /// munge's error number (`munge_err_t`).
    public let number: UInt32
    /// munge's description: the context's detailed message when it has one (naming the socket,
    /// for example), else `munge_strerror`'s.
    public let message: String
    /// The munge function that failed, for example `munge_decode`.
    public let call: String

    init(status: munge_err_t, call: String, context: munge_ctx_t?) {
        self.code = Code(status: status)
        self.number = status.rawValue
        let detail = context.flatMap { munge_ctx_strerror($0) } ?? munge_strerror(status)
        self.message = detail.map { String(cString: $0) } ?? "munge error \(status.rawValue)"
        self.call = call
    }
}

extension MungeError: CustomStringConvertible {
    /// One line for logs: `munge_decode: Replayed credential [replayed]`.
    public var description: String {
        "\(self.call): \(self.message) [\(self.code)]"
    }
}
