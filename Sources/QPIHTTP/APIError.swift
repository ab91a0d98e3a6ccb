import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIDocuments
import QPIWire

/// A request's failure as the HTTP API reports it: `{"error": {"code", "message", "field"}}`
/// with the status that fits the code. Controller errors arrive as `WireError`, so the
/// HTTP and command front ends report the same code, message and field.
public struct APIError: Error, Sendable, HTTPResponseError {
    public var wire: WireError
    public var status: HTTPResponse.Status
    /// Extra response headers (`WWW-Authenticate` on 401, `Retry-After` on 429).
    public var headers: HTTPFields

    public init(_ wire: WireError, status: HTTPResponse.Status? = nil, headers: HTTPFields = [:]) {
        self.wire = wire
        self.status = status ?? Self.status(for: wire.code)
        self.headers = headers
        if self.status == .unauthorized && self.headers[.wwwAuthenticate] == nil {
            self.headers[.wwwAuthenticate] = "Bearer realm=\"qpi\""
        }
    }

    public init(_ code: WireError.Code, _ message: String, field: String? = nil) {
        self.init(WireError(code, message, field: field))
    }

    /// The status each error code maps to; codes this table does not know are 400.
    public static func status(for code: WireError.Code) -> HTTPResponse.Status {
        switch code {
        case .malformed, .unsupportedVersion: return .badRequest
        case .unauthenticated: return .unauthorized
        case .forbidden: return .forbidden
        case .notFound: return .notFound
        case .conflict: return .conflict
        case .tooLarge: return .contentTooLarge
        case .invalidArgument: return .unprocessableContent
        case .rateLimited: return .tooManyRequests
        case .methodNotAllowed: return .methodNotAllowed
        case .unavailable: return .serviceUnavailable
        case .internal: return .internalServerError
        default: return .badRequest
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        let body = try APIJSON.encoder.encode(ErrorBody(error: self.wire))
        return Response(status: self.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    struct ErrorBody: Encodable {
        var error: Detail
        init(error: WireError) {
            self.error = Detail(code: error.code.rawValue, message: error.message, field: error.field)
        }

        struct Detail: Encodable {
            var code: String
            var message: String
            var field: String?

            // `field` is always present, null when the error concerns no field.
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(self.code, forKey: .code)
                try container.encode(self.message, forKey: .message)
                try container.encode(self.field, forKey: .field)
            }

            enum CodingKeys: String, CodingKey { case code, message, field }
        }
    }
}

extension WireError.Code {
    /// The route exists but not with this method (HTTP 405).
    public static let methodNotAllowed = WireError.Code(rawValue: "method_not_allowed")
}
