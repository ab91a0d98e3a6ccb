/// An error a daemon sends back instead of a result: a stable code, a message that names
/// what was wrong, and the field or option concerned when there is one.
public struct WireError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// Error codes; a struct over strings so new codes never break older peers.
    public struct Code: Sendable, Hashable, Codable, RawRepresentable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(from decoder: any Decoder) throws {
            self.rawValue = try decoder.singleValueContainer().decode(String.self)
        }
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(self.rawValue)
        }
        public var description: String { self.rawValue }

        /// The message could not be decoded (truncated, not JSON, wrong shape).
        public static let malformed = Code(rawValue: "malformed")
        /// The peer speaks a protocol version this daemon does not.
        public static let unsupportedVersion = Code(rawValue: "unsupported_version")
        /// The message exceeds MaxMessageSize.
        public static let tooLarge = Code(rawValue: "too_large")
        /// The credential is missing, invalid, expired or replayed.
        public static let unauthenticated = Code(rawValue: "unauthenticated")
        /// The caller may not do this (not their job, not an admin).
        public static let forbidden = Code(rawValue: "forbidden")
        /// No such job, QPU or other object.
        public static let notFound = Code(rawValue: "not_found")
        /// The request contradicts current state (job already finished, name taken).
        public static let conflict = Code(rawValue: "conflict")
        /// A field or option has an invalid value.
        public static let invalidArgument = Code(rawValue: "invalid_argument")
        /// The daemon cannot serve now (shutting down, store unavailable).
        public static let unavailable = Code(rawValue: "unavailable")
        /// Too many requests from one client in a short time (HTTP 429).
        public static let rateLimited = Code(rawValue: "rate_limited")
        /// A bug or an unexpected failure inside the daemon.
        public static let `internal` = Code(rawValue: "internal")
    }

    public var code: Code
    public var message: String
    /// The request field or command option the error is about.
    public var field: String?

    public init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String {
        if let field { return "\(self.message) (\(field))" }
        return self.message
    }
}
