import FoundationEssentials
import QPICore

/// One OpenID Connect provider users may sign in with (an entry of `OAuth2Providers`).
///
/// Only providers with discovery (`ISSUER/.well-known/openid-configuration`) are supported:
/// the sign-in trusts nothing but an ID token signed with a key from the provider's JWKS.
public struct OAuth2Provider: Sendable, Hashable {
    /// The name in the sign-in URLs (`/api/auth/oauth2/NAME/login`): lower-case letters,
    /// digits and dashes.
    public var name: String
    /// What the dashboard's button says; the name when absent.
    public var displayName: String
    /// The issuer URL, exactly as the provider's ID tokens name it in `iss`.
    public var issuer: String
    public var clientID: String
    /// The client secret; empty for a public client, which PKCE alone protects.
    public var clientSecret: String
    /// A file whose first line is the client secret, read by ``withSecretRead()`` when the
    /// server starts: commands read qpi.conf too, and must not need the secret.
    public var clientSecretFile: String?
    /// The ID token claim whose value is the QPI user name (`preferred_username` unless set).
    public var userClaim: String
    /// A suffix the claim must end with, removed to give the user name (`@lab.example.org`
    /// for an `email` claim); empty for none.
    public var userSuffix: String
    /// Scopes asked for; always includes `openid`.
    public var scopes: [String]
    /// Where the provider sends the browser back; nil: this server's own
    /// `/api/auth/oauth2/NAME/callback`, at the address the browser used.
    public var redirectURI: String?

    public init(
        name: String, issuer: String, clientID: String, clientSecret: String = "", displayName: String? = nil,
        userClaim: String = "preferred_username", userSuffix: String = "", scopes: [String] = Self.defaultScopes,
        redirectURI: String? = nil
    ) {
        self.name = name
        self.displayName = displayName ?? name
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.userClaim = userClaim
        self.userSuffix = userSuffix
        self.scopes = scopes
        self.redirectURI = redirectURI
    }

    public static let defaultScopes = ["openid", "profile", "email"]

    /// This provider with the secret of `client_secret_file` read in (its first line).
    public func withSecretRead() throws(InvalidProviders) -> OAuth2Provider {
        guard let file = self.clientSecretFile else { return self }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw InvalidProviders("OAuth2 provider \(self.name): cannot read client_secret_file '\(file)'")
        }
        var read = self
        read.clientSecret =
            text.split(whereSeparator: \.isNewline).first.map { $0.trimmingWhitespace() } ?? ""
        guard !read.clientSecret.isEmpty else {
            throw InvalidProviders("OAuth2 provider \(self.name): client_secret_file '\(file)' is empty")
        }
        read.clientSecretFile = nil
        return read
    }

    /// The providers of an `OAuth2Providers` value (one object or an array of them),
    /// without those marked `"enabled": false`. Each problem names the entry and field.
    public static func list(fromJSON text: String) throws(InvalidProviders) -> [OAuth2Provider] {
        guard !text.isEmpty else { return [] }
        guard let parsed = try? JSONDecoder().decode(StructuredNode.self, from: Data(text.utf8)) else {
            throw InvalidProviders("OAuth2Providers is not JSON: expected an object or an array of objects")
        }
        let entries: [StructuredNode]
        if case .sequence(let items) = parsed.value { entries = items } else { entries = [parsed] }
        var providers: [OAuth2Provider] = []
        for (index, entry) in entries.enumerated() {
            guard case .mapping(let members) = entry.value else {
                throw InvalidProviders("OAuth2Providers[\(index)] is not an object")
            }
            let object = Dictionary(members.map { ($0.key, $0.value.value) }, uniquingKeysWith: { first, _ in first })
            let fields = ProviderFields(object: object, index: index)
            if try fields.bool("enabled") == false { continue }
            let provider = try fields.provider()
            guard !providers.contains(where: { $0.name == provider.name }) else {
                throw InvalidProviders("OAuth2Providers[\(index)].name: '\(provider.name)' is listed twice")
            }
            providers.append(provider)
        }
        return providers
    }
}

/// Why `OAuth2Providers` was refused, naming the entry and field (`OAuth2Providers[1].issuer: …`).
public struct InvalidProviders: Error, Sendable, CustomStringConvertible {
    public var description: String

    init(_ description: String) { self.description = description }
}

/// The fields of one provider object, read with errors that name them.
private struct ProviderFields {
    let object: [String: StructuredNode.Value]
    let index: Int

    func path(_ field: String) -> String { "OAuth2Providers[\(self.index)].\(field)" }

    /// A string field, also found under the reference's camelCase spelling (`clientId`).
    func string(_ field: String, alias: String? = nil) throws(InvalidProviders) -> String? {
        guard let value = self.object[field] ?? alias.flatMap({ self.object[$0] }) else { return nil }
        guard case .string(let text) = value else { throw InvalidProviders("\(self.path(field)) must be a string") }
        return text
    }

    func required(_ field: String, alias: String? = nil) throws(InvalidProviders) -> String {
        guard let text = try self.string(field, alias: alias), !text.isEmpty else {
            throw InvalidProviders("\(self.path(field)) is missing")
        }
        return text
    }

    func bool(_ field: String) throws(InvalidProviders) -> Bool? {
        guard let value = self.object[field] else { return nil }
        guard case .bool(let flag) = value else { throw InvalidProviders("\(self.path(field)) must be true or false") }
        return flag
    }

    static let known: Set<String> = [
        "name", "display_name", "issuer", "client_id", "clientId", "client_secret", "clientSecret",
        "client_secret_file", "user_claim", "user_suffix", "scopes", "redirect_uri", "enabled",
    ]

    func provider() throws(InvalidProviders) -> OAuth2Provider {
        if let unknown = self.object.keys.sorted().first(where: { !Self.known.contains($0) }) {
            throw InvalidProviders(
                "\(self.path(unknown)) is not a provider field; known: \(Self.known.sorted().joined(separator: ", "))")
        }
        let name = try self.required("name")
        guard name.utf8.count <= 64, name.first?.isLetter == true,
            name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") })
        else {
            throw InvalidProviders(
                "\(self.path("name")) '\(name)' must be lower-case letters, digits and dashes, starting with a letter")
        }
        let issuer = try self.required("issuer")
        try self.checkURL(issuer, field: "issuer")
        let redirectURI = try self.string("redirect_uri")
        if let redirectURI { try self.checkURL(redirectURI, field: "redirect_uri") }
        var provider = OAuth2Provider(
            name: name, issuer: issuer, clientID: try self.required("client_id", alias: "clientId"),
            clientSecret: try self.string("client_secret", alias: "clientSecret") ?? "",
            displayName: try self.string("display_name"), redirectURI: redirectURI)
        provider.clientSecretFile = try self.secretFile()
        provider.userClaim = try self.string("user_claim") ?? provider.userClaim
        guard !provider.userClaim.isEmpty else { throw InvalidProviders("\(self.path("user_claim")) is empty") }
        provider.userSuffix = try self.string("user_suffix") ?? ""
        if let scopes = self.object["scopes"] {
            let items: [StructuredNode] = if case .sequence(let items) = scopes { items } else { [] }
            let list = items.compactMap { item -> String? in
                if case .string(let scope) = item.value { scope } else { nil }
            }
            guard !items.isEmpty, list.count == items.count, list.contains("openid") else {
                throw InvalidProviders("\(self.path("scopes")) must be an array of strings that includes \"openid\"")
            }
            provider.scopes = list
        }
        return provider
    }

    /// `client_secret_file`, which keeps the secret out of a configuration file that
    /// `qctl show config` and backups copy around; never with `client_secret` as well.
    func secretFile() throws(InvalidProviders) -> String? {
        guard let file = try self.string("client_secret_file") else { return nil }
        guard try self.string("client_secret", alias: "clientSecret") == nil else {
            throw InvalidProviders(
                "\(self.path("client_secret_file")): give client_secret or client_secret_file, not both")
        }
        guard !file.isEmpty else { throw InvalidProviders("\(self.path("client_secret_file")) is empty") }
        return file
    }

    func checkURL(_ text: String, field: String) throws(InvalidProviders) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host?.isEmpty == false, url.query == nil, url.fragment == nil
        else {
            throw InvalidProviders(
                "\(self.path(field)) '\(text)' must be an http or https URL without query or fragment")
        }
    }
}
