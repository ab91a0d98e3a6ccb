/// A job's `--notify-url`: an http or https URL whose host the controller checks against
/// `NotifyAllowedHosts` before it stores the job and again before each delivery.
///
/// Parsed here, without Foundation, so that the submission check and the delivery read the
/// host the same way: scheme, then an authority of host and optional port. User
/// information (`user:password@`) is refused, since the URL is shown by `qstat -j`, and so
/// is a fragment, which an HTTP request never carries.
public struct WebhookURL: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    public let isHTTPS: Bool
    /// Lower-cased; an IPv6 address keeps its brackets.
    public let host: String
    public let port: Int

    public static let maxLength = 2_048

    public var description: String { self.text }

    /// The URL in `text`, or why it is not one this controller posts to.
    public static func parse(_ text: String) -> Result<WebhookURL, WebhookURLError> {
        guard text.utf8.count <= Self.maxLength else { return .failure(.tooLong) }
        guard text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            return .failure(.notPrintableASCII)
        }
        let lower = text.lowercased()
        let isHTTPS: Bool
        if lower.hasPrefix("https://") {
            isHTTPS = true
        } else if lower.hasPrefix("http://") {
            isHTTPS = false
        } else {
            return .failure(.scheme)
        }
        guard !text.contains("#") else { return .failure(.fragment) }
        let rest = text.dropFirst(isHTTPS ? 8 : 7)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        guard !authority.contains("@") else { return .failure(.userInformation) }
        var host = Substring(authority)
        var port = isHTTPS ? 443 : 80
        if let colon = Self.portSeparator(in: authority) {
            host = authority[..<colon]
            let digits = authority[authority.index(after: colon)...]
            guard let value = Int(digits), digits.allSatisfy({ ("0"..."9").contains($0) }), (1...65_535).contains(value)
            else {
                return .failure(.port)
            }
            port = value
        }
        guard Self.isHost(host) else { return .failure(.host) }
        return .success(WebhookURL(text: text, isHTTPS: isHTTPS, host: host.lowercased(), port: port))
    }

    /// The colon before the port: after an IPv6 address's closing bracket, else the only one.
    private static func portSeparator(in authority: Substring) -> Substring.Index? {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            let after = authority.index(after: close)
            return after < authority.endIndex && authority[after] == ":" ? after : nil
        }
        return authority.firstIndex(of: ":")
    }

    private static func isHost(_ host: Substring) -> Bool {
        if host.hasPrefix("[") {
            return host.hasSuffix("]") && host.count > 2
                && host.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        return !host.isEmpty && host.count <= 253 && !host.hasPrefix(".") && !host.hasPrefix("-")
            && host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
    }
}

/// Why a `--notify-url` was refused.
public enum WebhookURLError: Error, Sendable, Hashable, CustomStringConvertible {
    case tooLong, notPrintableASCII, scheme, fragment, userInformation, port, host

    public var description: String {
        switch self {
        case .tooLong: "longer than \(WebhookURL.maxLength) bytes"
        case .notPrintableASCII: "expected printable ASCII without blanks (percent-encode the rest)"
        case .scheme: "expected an http:// or https:// URL"
        case .fragment: "a #fragment is never sent; leave it out"
        case .userInformation: "user:password@ would be shown by qstat -j; put a secret in the path or query"
        case .port: "expected a port from 1 to 65535 after the host's ':'"
        case .host: "expected a host name or an IP address after '//'"
        }
    }
}

/// `NotifyAllowedHosts`: the hosts job-end webhooks may be posted to. Each entry is a host
/// (any port), `host:port`, or `*.domain` for the domain's subdomains; names compare
/// without regard to case. Empty allows none, which turns `--notify-url` off.
public struct WebhookHostList: Sendable, Hashable {
    public let entries: [String]

    public init(_ entries: [String]) {
        self.entries = entries.map { $0.lowercased() }
    }

    public func allows(_ url: WebhookURL) -> Bool {
        self.entries.contains { entry in
            var pattern = Substring(entry)
            if let colon = entry.lastIndex(of: ":"), !entry.hasSuffix("]"),
                entry.hasPrefix("[") || entry.firstIndex(of: ":") == colon
            {
                guard Int(entry[entry.index(after: colon)...]) == url.port else { return false }
                pattern = entry[..<colon]
            }
            if pattern.hasPrefix("*.") {
                return url.host.hasSuffix(pattern.dropFirst())
            }
            return url.host == pattern
        }
    }
}
