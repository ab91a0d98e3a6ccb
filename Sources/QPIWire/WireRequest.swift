import Foundation

/// A request a command sends to `qpictld`, tagged on the wire by `type`, with the
/// response type the controller answers it with.
public protocol WireRequest: Codable, Sendable {
    associatedtype Response: Codable & Sendable
    /// The tag written in the envelope, unique among requests.
    static var type: String { get }
}

/// What a request body looks like on the wire: `{"type": "...", "body": {...}}`.
public struct RequestEnvelope<Body: Codable & Sendable>: Codable, Sendable {
    public var type: String
    public var body: Body

    public init(type: String, body: Body) {
        self.type = type
        self.body = body
    }
}

/// Just the tag of a request envelope, read before the body's type is known.
public struct RequestTag: Decodable, Sendable {
    public var type: String
}

/// A reply: exactly one of `result` and `error`.
public struct ReplyEnvelope<Result: Codable & Sendable>: Codable, Sendable {
    public var result: Result?
    public var error: WireError?

    public init(result: Result) {
        self.result = result
        self.error = nil
    }

    public init(error: WireError) {
        self.result = nil
        self.error = error
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
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }
}
