import Crypto
import Foundation

/// The random values of one sign-in: `state` ties the provider's answer to the browser
/// that asked, `nonce` ties the ID token to this sign-in, and the PKCE verifier
/// (RFC 7636) proves that whoever trades the code is whoever started the sign-in.
struct SignInSecrets: Sendable, Hashable {
    var state: String
    var nonce: String
    var codeVerifier: String

    static func generate() -> SignInSecrets {
        SignInSecrets(state: Self.random(), nonce: Self.random(), codeVerifier: Self.random())
    }

    /// The S256 challenge sent with the authorization request.
    var codeChallenge: String { Self.base64URL(Data(SHA256.hash(data: Data(self.codeVerifier.utf8)))) }

    /// 32 random bytes in unpadded base64url: 43 characters, as RFC 7636 asks of a verifier.
    static func random() -> String {
        Self.base64URL(Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
