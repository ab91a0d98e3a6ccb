import Foundation
import QPIHTTP
import Testing

/// `openapi.json` and the route table describe the same API: every route the server
/// registers is documented with its auth level, and every documented route is served.
/// Routes other front ends add (metrics, dashboard, notifications) are documented here
/// too; they are listed as not yet served until their areas are registered.
struct OpenAPITests {
    /// Documented operations: "METHOD path" → x-qpi-auth.
    static func documented() throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: try OpenAPIDocument.data()) as? [String: Any]
        let paths = try #require(object?["paths"] as? [String: [String: Any]])
        var operations: [String: String] = [:]
        for (path, methods) in paths {
            for (method, operation) in methods {
                let auth = (operation as? [String: Any])?["x-qpi-auth"] as? String ?? "missing"
                operations["\(method.uppercased()) \(path)"] = auth
            }
        }
        return operations
    }

    @Test func documentIsOpenAPI31() throws {
        let object = try JSONSerialization.jsonObject(with: try OpenAPIDocument.data()) as? [String: Any]
        #expect(object?["openapi"] as? String == "3.1.0")
    }

    @Test func everyServedRouteIsDocumentedWithItsAuth() throws {
        let documented = try Self.documented()
        for spec in APIRoutes.all.specs {
            let key = "\(spec.method) \(spec.path)"
            #expect(documented[key] != nil, "\(spec) is served but not in openapi.json")
            #expect(
                documented[key] == nil || documented[key] == spec.auth.rawValue,
                "\(spec): openapi.json says \(documented[key] ?? "")")
        }
    }

    @Test func everyDocumentedRouteIsServed() throws {
        let served = Set(APIRoutes.all.specs.map { "\($0.method) \($0.path)" })
        let missing = try Self.documented().keys.filter { !served.contains($0) }.sorted()
        #expect(missing == Self.servedOutsideTheTable, "documented but not served: \(missing)")
    }

    /// Documented, and served outside the API's table: the dashboard's static files
    /// (`Routes+Dashboard.swift`, tested by `DashboardRoutesTests`).
    static let servedOutsideTheTable = ["GET /dashboard/", "GET /dashboard/{path}"]

    @Test func routesAreUnique() {
        let keys = APIRoutes.all.specs.map { "\($0.method) \($0.path)" }
        #expect(Set(keys).count == keys.count)
    }
}
