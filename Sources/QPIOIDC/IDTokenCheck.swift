import Foundation
import JWTKit
import QPIConfig
import QPIWire

/// A provider's signing keys, and the ids they go by (JWTKit falls back to a default key
/// for an id it lacks, so which ids are known is kept here).
struct ProviderKeys: Sendable {
    var collection: JWTKeyCollection
    var ids: Set<String>
}

/// Checks an ID token as OpenID Connect Core §3.1.3.7 asks, and names the QPI user it is for.
struct IDTokenCheck: Sendable {
    var provider: OAuth2Provider
    /// The nonce this sign-in sent.
    var nonce: String
    var now: Date
    /// How far the provider's clock may be from ours.
    static let clockSkew: TimeInterval = 60

    /// The user `idToken` names, once its signature (by a key of `keys`, the provider's
    /// JWKS), issuer, audience, expiry and nonce all check out; each refusal says which
    /// failed. `refreshedKeys` is asked once for the keys again when the token names a key
    /// `keys` lacks, as after the provider rotated its keys.
    func userName(
        from idToken: String, keys: ProviderKeys,
        refreshedKeys: @Sendable () async throws(WireError) -> ProviderKeys
    ) async throws(WireError) -> String {
        var keys = keys
        if let kid = Self.keyID(of: idToken), !keys.ids.contains(kid) {
            keys = try await refreshedKeys()
            guard keys.ids.contains(kid) else {
                throw WireError(
                    .unauthenticated,
                    "the provider's ID token was refused: it names key '\(kid)', which the provider's key set lacks")
            }
        }
        let claims: IDTokenClaims
        do {
            claims = try await keys.collection.verify(
                idToken, as: IDTokenClaims.self, expectedAudience: self.provider.clientID)
        } catch {
            throw WireError(.unauthenticated, "the provider's ID token was refused: \(Self.reason(error))")
        }
        return try self.userName(from: claims)
    }

    /// The `kid` of a token's header, read before any checks: only to pick the key.
    static func keyID(of token: String) -> String? {
        guard let header = token.split(separator: ".", omittingEmptySubsequences: false).first else { return nil }
        var base64 = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64),
            let fields = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return fields["kid"] as? String
    }

    /// The checks after signature and audience, on decoded claims.
    func userName(from claims: IDTokenClaims) throws(WireError) -> String {
        func refuse(_ why: String) -> WireError {
            WireError(.unauthenticated, "the provider's ID token was refused: \(why)")
        }
        guard claims.issuer == self.provider.issuer else {
            throw refuse("issuer '\(claims.issuer)' is not '\(self.provider.issuer)'")
        }
        if claims.audience.value.count > 1 || claims.authorizedParty != nil {
            guard claims.authorizedParty == self.provider.clientID else {
                throw refuse("authorized party '\(claims.authorizedParty ?? "")' is not this client")
            }
        }
        guard claims.expires.timeIntervalSince(self.now) > -Self.clockSkew else {
            throw refuse("it expired at \(claims.expires)")
        }
        if let issuedAt = claims.issuedAt, issuedAt.timeIntervalSince(self.now) > Self.clockSkew {
            throw refuse("it was issued in the future (\(issuedAt))")
        }
        guard claims.nonce == self.nonce else { throw refuse("its nonce is not this sign-in's") }
        guard let value = claims.strings[self.provider.userClaim], !value.isEmpty else {
            throw refuse("it has no string claim '\(self.provider.userClaim)' (user_claim) to name the user")
        }
        guard value.hasSuffix(self.provider.userSuffix), value.count > self.provider.userSuffix.count else {
            throw refuse(
                "claim \(self.provider.userClaim) '\(value)' does not end with '\(self.provider.userSuffix)' (user_suffix)"
            )
        }
        let user = String(value.dropLast(self.provider.userSuffix.count))
        guard user.utf8.count <= 256, user.first != "-",
            user.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
        else {
            throw refuse("claim \(self.provider.userClaim) gives '\(user)', which is not a user name")
        }
        return user
    }

    /// JWTKit's errors, shortened to what an administrator reading the log needs.
    static func reason(_ error: any Error) -> String {
        if let jwt = error as? JWTError {
            return jwt.errorType == .signatureVerificationFailed
                ? "its signature does not verify" : jwt.reason ?? "\(jwt.errorType)"
        }
        return "\(error)"
    }
}
