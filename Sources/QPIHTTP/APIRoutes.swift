import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIWire

/// Who may call a route.
public enum AuthLevel: String, Sendable, Hashable, CaseIterable {
    /// Anyone, without a token.
    case anonymous = "public"
    /// Any user with a valid bearer token (an API token or a login token).
    case user
    /// Administrators only: root, the controller's account and AdminUsers (the reference's superusers).
    case superuser
    /// A QPU node presenting its QPU access token (`qctl qpu create` printed it once).
    case qpuToken = "qpu_token"
}

/// One row of the route table: what `openapi.json` must describe, and what the server registers.
public struct RouteSpec: Sendable, Hashable, CustomStringConvertible {
    /// Upper-case HTTP method (`GET`, `POST`, …).
    public var method: String
    /// OpenAPI-style path, with `{name}` for parameters (`/api/jobs/{id}`).
    public var path: String
    public var auth: AuthLevel

    public var description: String { "\(self.method) \(self.path) (\(self.auth.rawValue))" }
}

/// The HTTP API's route table. Each area adds its routes in its own `Routes+Area.swift` file
/// through ``add(_:_:auth:_:)``, and ``all`` lists the areas once: the server registers
/// exactly these routes, and the OpenAPI test compares exactly these with `openapi.json`.
///
/// A new area is one file with `extension APIRoutes { mutating func addAreaRoutes() }`
/// and one line in ``all``.
public struct APIRoutes: Sendable {
    struct Entry: Sendable {
        var spec: RouteSpec
        var respond: @Sendable (Request, QPIRequestContext, APIServices) async throws -> Response
    }

    private(set) var entries: [Entry] = []

    init() {}

    /// Every route of the API.
    public static var all: APIRoutes {
        var routes = APIRoutes()
        routes.addHealthRoutes()
        routes.addJobRoutes()
        routes.addQPURoutes()
        routes.addTokenRoutes()
        routes.addOperatorRoutes()
        routes.addAdminRoutes()
        routes.addAccountRoutes()
        routes.addOAuth2Routes()
        routes.addAccountingRoutes()
        routes.addSlotRoutes()
        routes.addTimeRequestRoutes()
        routes.addEventRoutes()
        routes.addOpenAPIRoutes()
        routes.addNotificationRoutes()
        routes.addMetricsRoutes()
        return routes
    }

    /// The table: method, path and auth level of every route, in registration order.
    public var specs: [RouteSpec] { self.entries.map(\.spec) }

    /// Adds a route. The caller is authenticated for `auth` before `handler` runs, so a
    /// handler never sees a request its auth level refuses.
    mutating func add<Output: ResponseGenerator>(
        _ method: HTTPRequest.Method, _ path: String, auth: AuthLevel,
        _ handler: @escaping @Sendable (APICall) async throws -> Output
    ) {
        let spec = RouteSpec(method: method.rawValue, path: path, auth: auth)
        self.entries.append(
            Entry(spec: spec) { request, context, services in
                let call = try await APICall.authenticated(
                    request: request, context: context, services: services, auth: auth)
                return try await handler(call).response(from: request, context: context)
            })
    }
}
