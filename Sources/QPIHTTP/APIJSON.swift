import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIWire

/// The API's JSON conventions: snake_case keys, times as seconds since the Unix epoch,
/// sorted keys so responses are stable for tests and diffs.
public enum APIJSON {
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
