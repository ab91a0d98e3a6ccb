import QPICore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The value syntaxes of configuration keys, each refusing bad text with what it expects.
enum ValueText {
    /// Longest accepted duration, so that conversion to whole milliseconds cannot overflow.
    private static let maxDurationSeconds = 1e9

    static func port(_ text: String) throws(InvalidValue) -> Int {
        guard let port = Int(text), (1...65_535).contains(port) else {
            throw InvalidValue(expected: "expected a port number from 1 to 65535")
        }
        return port
    }

    static func integer(_ text: String, in range: ClosedRange<Int>) throws(InvalidValue) -> Int {
        guard text.allSatisfy(\.isASCIIDigit), let value = Int(text), range.contains(value) else {
            throw InvalidValue(expected: "expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// Durations through `QPICore.DurationText`, rounded to whole milliseconds. A bare
    /// number is minutes, as Slurm's time limits are, or seconds with `bareSeconds`, as
    /// slurm.conf's timeouts and the reference's `QPI_JOB_TIMEOUT` are.
    static func duration(_ text: String, allowsZero: Bool, bareSeconds: Bool = false) throws(InvalidValue) -> Duration {
        let trimmed = text.trimmingWhitespace()
        let isBare = !trimmed.isEmpty && trimmed.allSatisfy { ("0"..."9").contains($0) || $0 == "." }
        let parsed = bareSeconds && isBare ? Double(trimmed) : DurationText.seconds(text)
        guard let seconds = parsed, seconds <= Self.maxDurationSeconds,
            allowsZero || (seconds * 1_000).rounded() >= 1
        else {
            let qualifier = allowsZero ? "" : " above zero"
            throw InvalidValue(expected: "expected a duration\(qualifier) such as 5s")
        }
        return .milliseconds(Int64((seconds * 1_000).rounded()))
    }

    static func size(_ text: String, in range: ClosedRange<Int>) throws(InvalidValue) -> Int {
        guard let bytes = ByteCountText.bytes(text), range.contains(bytes) else {
            throw InvalidValue(
                expected: "expected a size from \(range.lowerBound) to \(range.upperBound) bytes such as 16MiB "
                    + "(suffixes K, M, G, KiB, MiB, GiB)"
            )
        }
        return bytes
    }

    static func bool(_ text: String) throws(InvalidValue) -> Bool {
        switch text.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw InvalidValue(expected: "expected true or false")
        }
    }

    /// One of an enum's raw values, matched case-insensitively.
    static func choice<Value: RawRepresentable & CaseIterable>(_ text: String) throws(InvalidValue) -> Value
    where Value.RawValue == String {
        guard let value = Value.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else {
            let names = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw InvalidValue(expected: "expected one of \(names)")
        }
        return value
    }

    /// `START-END`, both ports, START not above END.
    static func portRange(_ text: String) throws(InvalidValue) -> ClosedRange<Int> {
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2, let start = try? self.port(String(bounds[0])),
            let end = try? self.port(String(bounds[1])), start <= end
        else {
            throw InvalidValue(expected: "expected a range of ports such as 6000-7000")
        }
        return start...end
    }

    /// `OAuth2Providers`: JSON text kept verbatim once every provider in it checks out
    /// (``OAuth2Provider/list(fromJSON:)``); empty text means none.
    static func oauth2Providers(_ text: String) throws(InvalidValue) -> String {
        do throws(InvalidProviders) {
            _ = try OAuth2Provider.list(fromJSON: text)
        } catch {
            throw InvalidValue(expected: "\(error)")
        }
        return text
    }

    /// Comma-separated host patterns (`host`, `host:port`, `*.domain`, `[::1]:8080`); spaces
    /// around entries and empty entries are ignored.
    static func hostPatterns(_ text: String) throws(InvalidValue) -> [String] {
        let entries = text.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        for entry in entries {
            let host = entry.hasPrefix("*.") ? String(entry.dropFirst(2)) : entry
            guard case .success = WebhookURL.parse("http://\(host)/"), !host.contains("/"), !host.contains("?") else {
                throw InvalidValue(
                    expected: "expected comma-separated hosts such as hooks.lab.example,*.lab.example,127.0.0.1:8080")
            }
        }
        return entries
    }

    /// Comma-separated user names; spaces around names and empty entries are ignored.
    static func userList(_ text: String) throws(InvalidValue) -> [String] {
        let names = text.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard names.allSatisfy(self.isUserName) else {
            throw InvalidValue(expected: "expected comma-separated user names such as alice,bob")
        }
        return names
    }

    /// POSIX-portable user names, plus the trailing `$` Samba machine accounts use.
    private static func isUserName(_ name: String) -> Bool {
        let body = name.hasSuffix("$") ? name.dropLast() : Substring(name)
        guard let first = body.first, first != "-" else { return false }
        return body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }

    /// A host name or an IPv4/IPv6 address.
    static func host(_ text: String) throws(InvalidValue) -> String {
        guard self.isIPAddress(text) || self.isDomainName(text) else {
            throw InvalidValue(expected: "expected a host name or an IP address such as 127.0.0.1")
        }
        return text
    }

    static func ipAddress(_ text: String) throws(InvalidValue) -> String {
        guard self.isIPAddress(text) else {
            throw InvalidValue(expected: "expected an IPv4 or IPv6 address such as 127.0.0.1")
        }
        return text
    }

    /// A DNS name, or empty text for none.
    static func domain(_ text: String) throws(InvalidValue) -> String {
        guard text.isEmpty || self.isDomainName(text) else {
            throw InvalidValue(expected: "expected a domain name such as qpi.example.org, or nothing")
        }
        return text
    }

    /// Any non-empty text without line breaks: file names, socket paths, cluster names.
    /// A PostgreSQL URL by its scheme; the store parses the rest when it connects.
    static func postgresURL(_ text: String) throws(InvalidValue) -> String {
        guard text.hasPrefix("postgresql://") || text.hasPrefix("postgres://"), !text.contains(where: \.isWhitespace)
        else {
            throw InvalidValue(expected: "expected empty (SQLite) or a URL postgresql://USER@HOST:PORT/DB")
        }
        return text
    }

    static func nonEmpty(_ text: String) throws(InvalidValue) -> String {
        guard !text.isEmpty, !text.contains(where: \.isNewline) else {
            throw InvalidValue(expected: "expected a non-empty value")
        }
        return text
    }

    private static func isIPAddress(_ text: String) -> Bool {
        var storage = in6_addr()
        return inet_pton(AF_INET, text, &storage) == 1 || inet_pton(AF_INET6, text, &storage) == 1
    }

    /// Dot-separated labels of letters, digits and inner hyphens, as RFC 1123 allows.
    private static func isDomainName(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.utf8.count <= 253 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}
