import Foundation
import QPIWire

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The controller's side of the talk with a provider: discovery, keys, and the code
/// exchange. Bounded in time and size, so a slow or hostile provider costs one sign-in
/// an error, never the server its memory.
public struct ProviderFetcher: Sendable {
    /// Longest answer read from a provider.
    static let maxBytes = 1 << 20
    let session: URLSession

    public init(timeout: TimeInterval = 10) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpCookieStorage = nil
        self.session = URLSession(configuration: configuration)
    }

    func get(_ address: String, what: String) async throws(WireError) -> Data {
        guard let url = URL(string: address) else {
            throw WireError(.unavailable, "the provider's \(what) URL '\(address)' is not a URL")
        }
        return try await self.send(URLRequest(url: url), what: what)
    }

    /// POSTs `fields` as a form, with HTTP Basic client authentication when `basic` is given
    /// (`client_secret_basic`, the default of OAuth 2.0 §2.3.1).
    func postForm(
        _ address: String, _ fields: [(String, String)], basic: (user: String, password: String)?, what: String
    )
        async throws(WireError) -> Data
    {
        guard let url = URL(string: address) else {
            throw WireError(.unavailable, "the provider's \(what) URL '\(address)' is not a URL")
        }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.httpBody = Data(
            fields.map { "\(URLText.percentEncoded($0.0))=\(URLText.percentEncoded($0.1))" }.joined(separator: "&").utf8
        )
        if let basic {
            // RFC 6749 §2.3.1: both halves form-encoded before Base64.
            let pair = "\(URLText.percentEncoded(basic.user)):\(URLText.percentEncoded(basic.password))"
            request.setValue("Basic \(Data(pair.utf8).base64EncodedString())", forHTTPHeaderField: "Authorization")
        }
        return try await self.send(request, what: what, acceptingErrors: true)
    }

    private func send(_ request: URLRequest, what: String, acceptingErrors: Bool = false) async throws(WireError)
        -> Data
    {
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await self.session.data(for: request)
        } catch {
            throw WireError(
                .unavailable,
                "cannot reach the provider's \(what) at \(request.url?.absoluteString ?? "?"): \(error.localizedDescription)"
            )
        }
        guard data.count <= Self.maxBytes else {
            throw WireError(.unavailable, "the provider's \(what) answer is larger than \(Self.maxBytes) bytes")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        // The token endpoint reports a refused code as 400 with a JSON error, which the caller reads.
        guard (200..<300).contains(status) || (acceptingErrors && (status == 400 || status == 401)) else {
            throw WireError(.unavailable, "the provider's \(what) answered HTTP \(status)")
        }
        return data
    }
}

/// Percent-encoding for form fields, query values and fragments alike.
public enum URLText {
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// RFC 3986's unreserved characters as they are, every other byte of the UTF-8 as %XX.
    public static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? ""
    }
}
