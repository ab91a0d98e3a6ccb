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
    public var responseEncoder: JSONEncoder { APIJSON.encoder }
}
