import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import QPIController
import QPICore
import QPIDocuments
import QPIWire

/// One authenticated request as a route handler sees it.
public struct APICall: Sendable {
    public let request: Request
    public let context: QPIRequestContext
    public let services: APIServices
    /// The authenticated user; nil on public and QPU-token routes.
    public let caller: Caller?
    /// The bearer token as sent, if any (QPU-token routes verify it themselves).
    public let bearer: String?
    /// The record of the user's bearer token; nil on public and QPU-token routes.
    public let token: APIToken?

    var controller: ClusterController { self.services.controller }

    /// Authenticates `request` for `auth`: a missing or refused token is 401, a user on a
    /// superuser route 403.
    static func authenticated(
        request: Request, context: QPIRequestContext, services: APIServices, auth: AuthLevel
    ) async throws -> APICall {
        let bearer = Self.bearer(in: request)
        var caller: Caller?
        var token: APIToken?
        switch auth {
        case .anonymous:
            break
        case .qpuToken:
            guard bearer != nil else {
                throw APIError(
                    .unauthenticated, "this route needs the QPU's access token as 'Authorization: Bearer TOKEN'")
            }
        case .user, .superuser:
            guard let bearer else {
                throw APIError(
                    .unauthenticated, "this route needs 'Authorization: Bearer TOKEN' (an API or login token)")
            }
            do throws(WireError) {
                let found = try await services.controller.caller(
                    forAPIToken: bearer, daemonUID: services.settings.daemonUID)
                caller = found.caller
                token = found.token
            } catch {
                throw APIError(error)
            }
            if auth == .superuser, caller?.isAdmin != true {
                throw APIError(
                    .forbidden,
                    "only administrators (root or AdminUsers) may call this route; you are \(caller?.user ?? "?")")
            }
        }
        return APICall(
            request: request, context: context, services: services, caller: caller, bearer: bearer, token: token)
    }

    static func bearer(in request: Request) -> String? {
        guard let value = request.headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// The authenticated caller; only absent on public and QPU-token routes, where asking is a bug.
    public func user() throws -> Caller {
        guard let caller = self.caller else {
            throw APIError(
                .internal, "route \(self.request.method) \(self.request.uri.path) has no authenticated caller")
        }
        return caller
    }

    /// Runs a controller call, turning its `WireError` into the API's error.
    public func run<T>(_ body: () async throws(WireError) -> T) async throws -> T {
        do throws(WireError) {
            return try await body()
        } catch {
            throw APIError(error)
        }
    }

    /// The body decoded as `T`, or nil when the request has none.
    public func decodeIfPresent<T: Decodable>(_ type: T.Type) async throws -> T? {
        let data = try await self.body()
        return data.isEmpty ? nil : try BodyDecoding.decode(type, from: data)
    }

    /// The request body decoded as `T`: 413 beyond the size limit (MaxMessageSize, or
    /// `limit` bytes when smaller), 400 when it is not JSON, 422 when a field is missing or
    /// has the wrong type (the field is named).
    public func decode<T: Decodable>(_ type: T.Type, limit: Int? = nil) async throws -> T {
        let data = try await self.body(limit: limit)
        guard !data.isEmpty else { throw APIError(.malformed, "the request needs a JSON body", field: "body") }
        return try BodyDecoding.decode(type, from: data)
    }

    /// The raw body; 413 beyond MaxMessageSize, or beyond `limit` bytes when that is smaller.
    func body(limit: Int? = nil) async throws -> Data {
        var request = self.request
        let messageLimit = self.services.settings.maxBodySize
        let limit = min(limit ?? messageLimit, messageLimit)
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            let named = limit == messageLimit ? " (MaxMessageSize)" : " on this route"
            throw APIError(.tooLarge, "the request body exceeds the limit of \(limit) bytes\(named)")
        }
        return Data(buffer.readableBytesView)
    }

    /// The integer path parameter `name`; 404 when it is not an integer (no such object).
    public func id(_ name: String = "id", of what: String) throws -> Int64 {
        let text = self.context.parameters.get(name) ?? ""
        guard let id = Int64(text) else {
            throw APIError(.notFound, "no \(what) '\(text)': ids are integers", field: name)
        }
        return id
    }

    /// The path parameter `name` as text.
    public func parameter(_ name: String) throws -> String {
        guard let value = self.context.parameters.get(name) else {
            throw APIError(.notFound, "missing path parameter \(name)", field: name)
        }
        return value
    }

    /// A query parameter, nil when absent.
    public func query(_ name: String) -> String? {
        self.request.uri.queryParameters.get(name)
    }

    /// A time query parameter, RFC 3339 or seconds since the Unix epoch, as seconds since
    /// the epoch; 422 naming it when it is neither.
    public func time(_ name: String) throws -> Double? {
        guard let text = self.query(name) else { return nil }
        if let value = Double(text), value.isFinite { return value }
        guard let date = RFC3339.date(from: text) else {
            throw APIError(
                .invalidArgument, "\(name) must be an RFC 3339 time or seconds since the epoch, got '\(text)'",
                field: name)
        }
        return date.timeIntervalSince1970
    }

    /// An integer query parameter; 422 naming it when it is not an integer in `range`.
    public func query(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = self.query(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw APIError(.invalidArgument, "\(name) must be an integer in \(range), got '\(text)'", field: name)
        }
        return value
    }
}
