import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import QPIController
import QPICore
import QPIDocuments
import QPIWire

/// The request context of every API route: Hummingbird's core storage with the API's
/// JSON coders, so `ResponseEncodable` values come out in the API's shape.
public struct QPIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address, for limits per address; nil when the transport has none.
    public let remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    public var requestDecoder: JSONDecoder { APIJSON.decoder }
    public var responseEncoder: APIResponseEncoder { APIResponseEncoder() }
}

/// The API's JSON for every response; a ``SnakeCaseKeyedDocument`` (a page of jobs) skips
/// the key conversion it does not need.
public struct APIResponseEncoder: ResponseEncoder {
    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws
        -> Response
    {
        let encoder = value is any SnakeCaseKeyedDocument ? APIJSON.snakeKeyedEncoder : APIJSON.encoder
        return try encoder.encode(value, from: request, context: context)
    }
}
