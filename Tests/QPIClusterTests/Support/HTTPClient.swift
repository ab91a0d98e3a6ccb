import Foundation
import QPIDocuments
import QPITesting

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A minimal HTTP client for the API tests: one request, the whole answer, JSON helpers.
struct HTTPClient: Sendable {
    let baseURL: String
    /// Sent as `Authorization: Bearer TOKEN` when set.
    var token: String?

    struct Reply: Sendable, CustomStringConvertible {
        var status: Int
        var headers: [String: String]
        var body: Data

        var text: String { String(decoding: self.body, as: UTF8.self) }
        var description: String { "HTTP \(self.status): \(self.text)" }

        /// The body as a JSON object; empty when it is not one.
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: self.body)) as? [String: Any] ?? [:] }
        /// `error.code` of an error reply.
        var errorCode: String? { (self.json["error"] as? [String: Any])?["code"] as? String }
        var errorField: String? { (self.json["error"] as? [String: Any])?["field"] as? String }
        var items: [[String: Any]] { self.json["items"] as? [[String: Any]] ?? [] }

        /// The time field `key` as seconds since the Unix epoch; nil unless it is RFC 3339 text.
        func time(_ key: String) -> Double? { HTTPClient.time(self.json[key]) }
    }

    /// A document's time as seconds since the Unix epoch; nil unless it is RFC 3339 text.
    static func time(_ value: Any?) -> Double? {
        (value as? String).flatMap(RFC3339.date(from:))?.timeIntervalSince1970
    }

    init(_ cluster: ClusterHarness, token: String? = nil) {
        self.init(baseURL: cluster.httpURL, token: token)
    }

    /// A client of another server a test started, such as its OpenID Connect provider.
    init(baseURL: String, token: String? = nil) {
        self.baseURL = baseURL
        self.token = token
    }

    func with(token: String?) -> HTTPClient {
        var copy = self
        copy.token = token
        return copy
    }

    func get(_ path: String) async throws -> Reply { try await self.send("GET", path) }
    func delete(_ path: String) async throws -> Reply { try await self.send("DELETE", path) }

    func post(_ path: String, _ json: Any) async throws -> Reply {
        try await self.send("POST", path, body: try JSONSerialization.data(withJSONObject: json))
    }

    func patch(_ path: String, _ json: Any) async throws -> Reply {
        try await self.send("PATCH", path, body: try JSONSerialization.data(withJSONObject: json))
    }

    func send(_ method: String, _ path: String, body: Data? = nil, contentType: String = "application/json")
        async throws -> Reply
    {
        guard let url = URL(string: self.baseURL + path) else { throw HarnessError("bad URL path \(path)") }
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw HarnessError("no HTTP response for \(path)") }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        return Reply(status: http.statusCode, headers: headers, body: data)
    }
}

extension ClusterHarness {
    /// A new API token for `user` (root when nil), made with `qctl token create` over munge.
    func apiToken(as user: TestUser? = nil, name: String = "test") async throws -> String {
        let result = try await self.run("qctl", ["token", "create", "--name", name, "--json"], as: user)
        guard result.succeeded,
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
            let token = object["token"] as? String
        else { throw HarnessError("cannot create an API token: \(result)") }
        return token
    }
}
