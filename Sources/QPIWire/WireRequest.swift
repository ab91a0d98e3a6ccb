import FoundationEssentials
import QPICore

/// A request a command sends to `qpictld`, tagged on the wire by `type`, with the
/// response type the controller answers it with.
public protocol WireRequest: Codable, Sendable {
    associatedtype Response: Codable & Sendable
    /// The tag written in the envelope, unique among requests.
    static var type: String { get }
}

/// What a request body looks like on the wire: `{"type": "...", "body": {...}}`, and
/// `"notices": true` when the command prints the caller's notifications.
public struct RequestEnvelope<Body: Codable & Sendable>: Codable, Sendable {
    public var type: String
    public var body: Body
    /// Asks the controller to put the caller's notifications that no command has shown
    /// them yet on the reply (``ReplyEnvelope/notices``), so that printing them costs no
    /// request of its own. A controller that predates it ignores it.
    public var notices: Bool?

    public init(type: String, body: Body, notices: Bool? = nil) {
        self.type = type
        self.body = body
        self.notices = notices
    }
}

/// Just the tag of a request envelope, and whether it asks for notices, read before the
/// body's type is known.
public struct RequestTag: Decodable, Sendable {
    public var type: String
    public var notices: Bool?
}

/// A reply: exactly one of `result` and `error`, and on a successful reply to a request
/// that asked, the caller's notifications not shown before (now marked shown).
public struct ReplyEnvelope<Result: Codable & Sendable>: Codable, Sendable {
    public var result: Result?
    public var error: WireError?
    public var notices: [QPICore.Notification]?

    public init(result: Result) {
        self.result = result
        self.error = nil
    }

    public init(error: WireError) {
        self.result = nil
        self.error = error
    }
}

/// Puts notifications on a reply the router has already encoded, whatever its result type.
public enum ReplyNotices {
    /// `reply` (a ``ReplyEnvelope`` object) with `"notices": [...]` added; unchanged when
    /// there are none.
    public static func attach(_ notices: [QPICore.Notification], to reply: [UInt8]) throws(WireError) -> [UInt8] {
        guard !notices.isEmpty else { return reply }
        guard reply.first == UInt8(ascii: "{"), reply.last == UInt8(ascii: "}") else {
            throw WireError(.internal, "a reply is not a JSON object")
        }
        let separator = reply.count > 2 ? Array(",".utf8) : []
        return reply.dropLast() + separator + Array("\"notices\":".utf8) + (try WireCoding.encode(notices)) + [
            UInt8(ascii: "}")
        ]
    }
}

/// JSON coding shared by every daemon and command, so both ends agree on details such
/// as non-finite numbers.
public enum WireCoding {
    public static func encode<T: Encodable>(_ value: T) throws(WireError) -> [UInt8] {
        do {
            return Array(try JSONEncoder().encode(value))
        } catch {
            throw WireError(.internal, "cannot encode \(T.self): \(error)")
        }
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(WireError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let DecodingError.keyNotFound(key, context) {
            throw WireError(
                .malformed, "missing field '\(Self.path(context.codingPath + [key]))'", field: key.stringValue)
        } catch let DecodingError.typeMismatch(_, context) {
            throw WireError(
                .malformed, "wrong type for field '\(Self.path(context.codingPath))'",
                field: Self.path(context.codingPath))
        } catch let DecodingError.valueNotFound(_, context) {
            throw WireError(
                .malformed, "missing value for field '\(Self.path(context.codingPath))'",
                field: Self.path(context.codingPath))
        } catch let DecodingError.dataCorrupted(context) {
            let at = context.codingPath.isEmpty ? "" : " at '\(Self.path(context.codingPath))'"
            throw WireError(.malformed, "malformed message\(at): \(context.debugDescription)")
        } catch {
            throw WireError(.malformed, "malformed message: \(error)")
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce(into: "") { path, key in
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
    }
}
