import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL
import QPIController
import QPICore
import QPIWire
import ServiceLifecycle

/// The HTTP API's server: every route of ``APIRoutes/all`` over one controller, on one
/// address and port.
public enum HTTPServer {
    /// Starts serving and returns once the socket listens; the returned closure stops it.
    /// Throws when the server cannot start (the port is taken), so qpictld does not come
    /// up half-way.
    /// With `tls`, it serves HTTPS with that certificate chain and key (PEM).
    public static func start(
        services: APIServices, host: String, port: Int, tls: ServerIdentityPEM? = nil
    ) async throws -> @Sendable () async -> Void {
        let router = Self.router(services: services, routes: .all)
        let (events, continuation) = AsyncStream<(any Error)?>.makeStream()
        let server: HTTPServerBuilder
        if let tls {
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(tls.certificateChain.utf8)).map {
                    .certificate($0)
                },
                privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(tls.privateKey.utf8), format: .pem)))
            // TLS 1.0 and 1.1 are deprecated (RFC 8996); every client that reads this API speaks 1.2.
            configuration.minimumTLSVersion = .tlsv12
            server = try .tls(.http1(), tlsConfiguration: configuration)
        } else {
            server = .http1()
        }
        let application = Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(host, port: port), serverName: "qpictld"),
            onServerRunning: { _ in continuation.yield(nil) },
            logger: services.logger)
        // In a group of its own so that stopping is Hummingbird's graceful shutdown (requests
        // under way finish), not a cancellation.
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [application], logger: services.logger))
        let serving = Task {
            do {
                try await group.run()
                continuation.yield(APIError(.internal, "the HTTP server stopped"))
            } catch {
                continuation.yield(error)
            }
            continuation.finish()
        }
        for await event in events {
            if let error = event {
                serving.cancel()
                throw error
            }
            break
        }
        services.logger.info(
            "HTTP API listening", metadata: ["url": "\(tls == nil ? "http" : "https")://\(host):\(port)"])
        return {
            await group.triggerGracefulShutdown()
            _ = await serving.result
        }
    }

    /// The router with every route and the error middleware; tests drive it in-process.
    public static func router(services: APIServices, routes: APIRoutes) -> Router<QPIRequestContext> {
        let router = Router(context: QPIRequestContext.self)
        router.add(middleware: APIErrorMiddleware(logger: services.logger))
        for entry in routes.entries {
            router.on(RouterPath(entry.spec.path), method: HTTPRequest.Method(entry.spec.method)!) {
                request, context in
                try await entry.respond(request, context, services)
            }
        }
        // The dashboard's static files, outside the API's table; a build without them still serves the API.
        do {
            router.addRoutes(try DashboardAssets.bundled().routes(context: QPIRequestContext.self))
        } catch {
            services.logger.error("the dashboard is not served: \(error)")
        }
        return router
    }
}

/// A server's certificate chain and private key, in PEM, for HTTPS.
public struct ServerIdentityPEM: Sendable {
    public var certificateChain: String
    public var privateKey: String

    public init(certificateChain: String, privateKey: String) {
        self.certificateChain = certificateChain
        self.privateKey = privateKey
    }
}

/// Turns every failure into the API's JSON error: Hummingbird's own (unknown route,
/// wrong method) and anything unexpected (500, logged).
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = QPIRequestContext
    let logger: Logger

    func handle(
        _ request: Request, context: QPIRequestContext,
        next: (Request, QPIRequestContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as HTTPError {
            let code: WireError.Code =
                switch error.status {
                case .notFound: .notFound
                case .methodNotAllowed: .methodNotAllowed
                case .contentTooLarge: .tooLarge
                default: .malformed
                }
            let message =
                error.status == .notFound
                ? "no route \(request.method) \(request.uri.path)" : (error.body ?? error.status.reasonPhrase)
            return try APIError(WireError(code, message), status: error.status).response(
                from: request, context: context)
        } catch {
            self.logger.error("HTTP request failed: \(error)", metadata: ["path": "\(request.uri.path)"])
            return try APIError(.internal, "internal error: \(error)").response(from: request, context: context)
        }
    }
}
