import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import QPIHTTP

struct DashboardRoutesTests {
    func withApp(_ test: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let router = Router()
        router.addRoutes(try DashboardAssets.bundled().routes(context: BasicRequestContext.self))
        try await Application(router: router).test(.router, test)
    }

    @Test func barePathRedirectsToTheFolder() async throws {
        try await self.withApp { client in
            try await client.execute(uri: "/dashboard", method: .get) { response in
                #expect(response.status == .permanentRedirect)
                #expect(response.headers[.location] == "/dashboard/")
            }
        }
    }

    @Test func servesIndexScriptsAndStylesWithTheirTypes() async throws {
        try await self.withApp { client in
            try await client.execute(uri: "/dashboard/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: response.body).contains("<script type=\"module\" src=\"app.js\">"))
            }
            try await client.execute(uri: "/dashboard/views/jobs.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
            }
            try await client.execute(uri: "/dashboard/qpi-client.js", method: .get) { response in
                #expect(String(buffer: response.body).contains("export class QPIClient"))
            }
            try await client.execute(uri: "/dashboard/style.css", method: .get) { response in
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
            }
        }
    }

    @Test func pagesCarryAContentSecurityPolicy() async throws {
        try await self.withApp { client in
            for uri in ["/dashboard/", "/dashboard/app.js", "/dashboard/style.css"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let policy = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(policy.contains("default-src 'self'"), "\(uri): \(policy)")
                    #expect(policy.contains("frame-ancestors 'none'"), "\(uri): \(policy)")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                }
            }
        }
    }

    @Test(arguments: [
        "/dashboard/missing.js", "/dashboard/%2e%2e/%2e%2e/etc/passwd", "/dashboard/views/..%2f..%2fPackage.swift",
        "/dashboard/.hidden", "/dashboard/views/",
    ])
    func anythingButAFileIsNotFound(uri: String) async throws {
        try await self.withApp { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .notFound, "\(uri)")
            }
        }
    }
}
