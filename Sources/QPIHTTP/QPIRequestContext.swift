import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIWire

/// The request context of every API route: Hummingbird's core storage with the API's
/// JSON coders, so `ResponseEncodable` values come out in the API's shape.
public struct QPIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    public var requestDecoder: JSONDecoder { APIJSON.decoder }
    public var responseEncoder: JSONEncoder { APIJSON.encoder }
}
