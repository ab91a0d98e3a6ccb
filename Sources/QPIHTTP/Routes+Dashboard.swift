import Foundation
import HTTPTypes
import Hummingbird

extension DashboardAssets {
    /// The dashboard's routes: `/dashboard` redirects to `/dashboard/`, which serves
    /// `index.html`; `/dashboard/<file>` serves that file with its content type, and any
    /// other path below `/dashboard/` is a 404. No authentication: the files are public,
    /// and every call the pages make carries the user's token.
    public func routes<Context: RequestContext>(context: Context.Type = Context.self) -> RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("dashboard") { request, _ in try self.response(to: request) }
        routes.get("dashboard/**") { request, _ in try self.response(to: request) }
        return routes
    }

    /// The answer to a GET of `request`'s path. The raw path is used, so a
    /// percent-escaped `..` never becomes a traversal: the lookup refuses `%`.
    func response(to request: Request) throws -> Response {
        let prefix = "/dashboard/"
        let path = request.uri.path
        guard path.hasPrefix(prefix) else {
            // Relative links in index.html resolve against /dashboard/, not /.
            return Response(status: .permanentRedirect, headers: [.location: prefix])
        }
        let name = String(path.dropFirst(prefix.count))
        guard let asset = self.asset(forPath: name) else {
            throw HTTPError(.notFound, message: "no dashboard file '\(name)'")
        }
        var headers = Self.securityHeaders
        headers[.contentType] = asset.contentType
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: asset.body)))
    }

    /// What every dashboard file is served with: it may load scripts, styles and data only
    /// from this server (so an injected `<script>` or inline handler does not run), may not
    /// be framed (no clickjacking), and is never read as another content type.
    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy:
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        .xContentTypeOptions: "nosniff",
        HTTPField.Name("X-Frame-Options")!: "DENY",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
    ]
}
