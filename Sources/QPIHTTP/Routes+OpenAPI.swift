import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIWire

extension APIRoutes {
    /// `GET /api/openapi.json`: the API's description, from the binary's resources.
    mutating func addOpenAPIRoutes() {
        self.add(.get, "/api/openapi.json", auth: .anonymous) { _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: try OpenAPIDocument.data())))
        }
    }
}

/// `Resources/openapi.json`, the API's OpenAPI 3.1 description.
public enum OpenAPIDocument {
    public static func data() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw APIError(.internal, "openapi.json is missing from qpictld's resources")
        }
        return try Data(contentsOf: url)
    }
}
