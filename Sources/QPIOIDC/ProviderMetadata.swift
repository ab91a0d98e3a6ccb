import Foundation
import QPIWire

/// What a provider's discovery document (`ISSUER/.well-known/openid-configuration`) says
/// about where to send the browser, where to trade the code, and where its keys are.
struct ProviderMetadata: Decodable, Sendable {
    var issuer: String
    var authorizationEndpoint: String
    var tokenEndpoint: String
    var jwksURI: String
    var codeChallengeMethodsSupported: [String]?

    enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case jwksURI = "jwks_uri"
        case codeChallengeMethodsSupported = "code_challenge_methods_supported"
    }

    /// The document at `data`, refused unless it names `issuer` exactly (OpenID Connect
    /// Discovery §4.3: a document for another issuer could hand out another's keys).
    static func decode(_ data: Data, issuer: String) throws(WireError) -> ProviderMetadata {
        let metadata: ProviderMetadata
        do {
            metadata = try JSONDecoder().decode(ProviderMetadata.self, from: data)
        } catch {
            throw WireError(.unavailable, "the provider's discovery document is not valid: \(error)")
        }
        guard metadata.issuer == issuer else {
            throw WireError(
                .unavailable,
                "the provider's discovery document names issuer '\(metadata.issuer)', not the configured '\(issuer)'")
        }
        if let methods = metadata.codeChallengeMethodsSupported, !methods.contains("S256") {
            throw WireError(.unavailable, "the provider does not support PKCE with S256, which QPI requires")
        }
        return metadata
    }
}
