public import FoundationEssentials

/// The JSON conventions of every resource document: what the HTTP API serves and what the
/// commands print with `--json`. Keys are snake_case, times RFC 3339 in UTC (``RFC3339``),
/// keys sorted so output is stable for tests and diffs, and every documented key present
/// (null when unset). `openapi.json` describes each document once.
public enum APIJSON {
    /// Compact, for the HTTP API.
    public static var encoder: JSONEncoder {
        let encoder = Self.snakeKeyedEncoder
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }

    /// The same, for a ``SnakeCaseKeyedDocument``, whose keys need no conversion.
    public static var snakeKeyedEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.string(from: date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Indented, for a person reading a command's `--json`; the same document otherwise.
    public static var prettyEncoder: JSONEncoder {
        let encoder = Self.encoder
        encoder.outputFormatting.insert(.prettyPrinted)
        return encoder
    }

    /// Reads documents and request bodies. A time is RFC 3339 text or, as the API took
    /// before it wrote RFC 3339, a number of seconds since the Unix epoch.
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            if let seconds = try? container.decode(Double.self) {
                guard seconds.isFinite else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "a time must be finite")
                }
                return Date(timeIntervalSince1970: seconds)
            }
            let text = try container.decode(String.self)
            guard let date = RFC3339.date(from: text) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "expected an RFC 3339 time such as 2026-12-06T23:35:01Z, got '\(text)'")
            }
            return date
        }
        return decoder
    }
}

/// RFC 3339 times as the documents write them: UTC, with milliseconds only when the time
/// has some (`2026-12-06T23:35:01Z`, `2026-12-06T23:35:01.250Z`).
public enum RFC3339 {
    public static func string(from date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1_000).rounded()
        let seconds = (milliseconds / 1_000).rounded(.down)
        let whole = Date(timeIntervalSince1970: seconds).formatted(.iso8601)
        let fraction = Int(milliseconds - seconds * 1_000)
        guard fraction != 0 else { return whole }
        let digits = String(fraction)
        return "\(whole.dropLast()).\(String(repeating: "0", count: 3 - digits.count))\(digits)Z"
    }

    /// `text` as a time: RFC 3339 with any offset, a fraction of any length or none.
    public static func date(from text: String) -> Date? {
        try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}

/// A document whose `encode(to:)` writes its keys in snake_case itself, so the HTTP API
/// encodes it without the encoder's key conversion: that conversion was about 40% of the
/// time spent encoding a page of jobs. Decoding still goes through ``APIJSON/decoder``.
public protocol SnakeCaseKeyedDocument: Encodable {}

/// A list document: `{"items": [...]}`, an object so fields can be added later.
public struct ListJSON<Item: Encodable & Sendable>: Encodable, Sendable {
    public var items: [Item]

    public init(items: [Item]) { self.items = items }
}

extension ListJSON: Decodable where Item: Decodable {}

extension ListJSON: SnakeCaseKeyedDocument where Item: SnakeCaseKeyedDocument {}

extension Date {
    /// `seconds` since the Unix epoch as a document's time; nil stays nil.
    init?(epochSeconds seconds: Double?) {
        guard let seconds else { return nil }
        self.init(timeIntervalSince1970: seconds)
    }
}
