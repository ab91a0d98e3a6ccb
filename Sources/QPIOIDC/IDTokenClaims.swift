import Foundation
import JWTKit

/// The claims of an ID token that sign-in reads. Signature and audience are checked by
/// JWTKit before these are trusted; ``IDTokenCheck`` checks the rest.
struct IDTokenClaims: JWTIdentityToken {
    var issuer: String
    var audience: AudienceClaim
    var expires: Date
    var issuedAt: Date?
    var nonce: String?
    /// The authorized party, which must be this client when the token has several audiences.
    var authorizedParty: String?
    /// Every claim whose value is a string, so the configured user claim can be any of them.
    var strings: [String: String]

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var strings: [String: String] = [:]
        for key in container.allKeys {
            if let text = try? container.decode(String.self, forKey: key) { strings[key.stringValue] = text }
        }
        self.strings = strings
        self.issuer = try container.decode(String.self, forKey: Key(stringValue: "iss"))
        self.audience = try container.decode(AudienceClaim.self, forKey: Key(stringValue: "aud"))
        self.expires = Date(
            timeIntervalSince1970: try container.decode(Double.self, forKey: Key(stringValue: "exp")))
        self.issuedAt = try container.decodeIfPresent(Double.self, forKey: Key(stringValue: "iat")).map {
            Date(timeIntervalSince1970: $0)
        }
        self.nonce = strings["nonce"]
        self.authorizedParty = strings["azp"]
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in self.strings { try container.encode(value, forKey: Key(stringValue: name)) }
        try container.encode(self.audience, forKey: Key(stringValue: "aud"))
        try container.encode(self.expires.timeIntervalSince1970, forKey: Key(stringValue: "exp"))
        try container.encodeIfPresent(self.issuedAt?.timeIntervalSince1970, forKey: Key(stringValue: "iat"))
    }

    /// The time claims are checked by ``IDTokenCheck``, against the clock it is given.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
