public import Foundation

/// The JSON conventions of every resource document: what the HTTP API serves and what the
/// commands print with `--json`. Keys are snake_case, times seconds since the Unix epoch,
/// keys sorted so output is stable for tests and diffs, and every documented key present
/// (null when unset). `openapi.json` describes each document once.
public enum APIJSON {
    /// Compact, for the HTTP API.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Indented, for a person reading a command's `--json`; the same document otherwise.
    public static var prettyEncoder: JSONEncoder {
        let encoder = Self.encoder
        encoder.outputFormatting.insert(.prettyPrinted)
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}

/// A list document: `{"items": [...]}`, an object so fields can be added later.
public struct ListJSON<Item: Encodable & Sendable>: Encodable, Sendable {
    public var items: [Item]

    public init(items: [Item]) { self.items = items }
}

extension ListJSON: Decodable where Item: Decodable {}
