import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIDocuments
import QPIWire

/// Decodes request bodies and names what was wrong, by JSON path, when they do not fit.
enum BodyDecoding {
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        guard (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil else {
            throw APIError(.malformed, "the request body is not valid JSON", field: "body")
        }
        do {
            return try APIJSON.decoder.decode(type, from: data)
        } catch let DecodingError.typeMismatch(expected, context) {
            throw APIError(
                .invalidArgument, "\(Self.path(context.codingPath)) must be \(Self.name(of: expected))",
                field: Self.path(context.codingPath))
        } catch let DecodingError.valueNotFound(expected, context) {
            throw APIError(
                .invalidArgument, "\(Self.path(context.codingPath)) must be \(Self.name(of: expected)), not null",
                field: Self.path(context.codingPath))
        } catch let DecodingError.keyNotFound(key, context) {
            let field = Self.path(context.codingPath + [key])
            throw APIError(.invalidArgument, "missing required field \(field)", field: field)
        } catch let DecodingError.dataCorrupted(context) {
            let field = Self.path(context.codingPath)
            throw APIError(.invalidArgument, "\(field): \(context.debugDescription)", field: field)
        } catch let error as APIError {
            throw error
        } catch let error as WireError {
            throw APIError(error)
        } catch {
            throw APIError(.malformed, "cannot read the request body: \(error)", field: "body")
        }
    }

    /// `circuits[0].circuit`, in the request's snake_case spelling.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + Self.snakeCase(key.stringValue)
            }
        }
        return text.isEmpty ? "body" : text
    }

    static func snakeCase(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase {
                if !out.isEmpty { out += "_" }
                out += character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }

    static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type, is UInt64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let text = "\(type)"
            if text.hasPrefix("Array") { return "an array" }
            if text.hasPrefix("Dictionary") { return "an object" }
            return "an object"
        }
    }
}
