import Foundation
import QPIConfig
import QPIWire
import Synchronization
import Testing

@testable import QPIOIDC

/// The claim checks after the signature, on decoded claims: the cluster tests drive the
/// whole flow against a real provider, these pin each rule on its own.
struct IDTokenCheckTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let provider = OAuth2Provider(
        name: "lab", issuer: "https://login.lab.example", clientID: "qpi", userClaim: "email",
        userSuffix: "@lab.example")

    static func claims(_ overrides: [String: Any] = [:]) throws -> IDTokenClaims {
        var fields: [String: Any] = [
            "iss": "https://login.lab.example", "aud": "qpi", "exp": now.timeIntervalSince1970 + 300,
            "iat": now.timeIntervalSince1970, "nonce": "n-1", "sub": "1234", "email": "alice@lab.example",
        ]
        for (key, value) in overrides { fields[key] = value is NSNull ? nil : value }
        return try JSONDecoder().decode(IDTokenClaims.self, from: JSONSerialization.data(withJSONObject: fields))
    }

    static func check(_ overrides: [String: Any] = [:]) throws -> Result<String, WireError> {
        let claims = try Self.claims(overrides)
        let check = IDTokenCheck(provider: Self.provider, nonce: "n-1", now: Self.now)
        return Result { () throws(WireError) in try check.userName(from: claims) }
    }

    static func refusal(_ overrides: [String: Any]) throws -> String {
        guard case .failure(let error) = try Self.check(overrides) else { return "accepted" }
        #expect(error.code == .unauthenticated)
        return error.message
    }

    @Test func theUserIsTheClaimWithoutItsSuffix() throws {
        #expect(try Self.check().get() == "alice")
    }

    @Test func eachClaimRuleRefusesOnItsOwn() throws {
        #expect(try Self.refusal(["iss": "https://evil.example"]).contains("issuer"))
        #expect(try Self.refusal(["exp": Self.now.timeIntervalSince1970 - 61]).contains("expired"))
        #expect(try Self.check(["exp": Self.now.timeIntervalSince1970 - 30]).get() == "alice")
        #expect(try Self.refusal(["iat": Self.now.timeIntervalSince1970 + 120]).contains("future"))
        #expect(try Self.refusal(["nonce": "n-2"]).contains("nonce"))
        #expect(try Self.refusal(["nonce": NSNull()]).contains("nonce"))
        #expect(try Self.refusal(["email": NSNull()]).contains("no string claim 'email'"))
        #expect(try Self.refusal(["email": "alice@elsewhere.example"]).contains("does not end with"))
        #expect(try Self.refusal(["email": "@lab.example"]).contains("does not end with"))
        #expect(try Self.refusal(["email": "al ice@lab.example"]).contains("not a user name"))
        #expect(try Self.refusal(["email": "-rf@lab.example"]).contains("not a user name"))
    }

    @Test func severalAudiencesNeedThisClientAsAuthorizedParty() throws {
        #expect(try Self.refusal(["aud": ["qpi", "other"]]).contains("authorized party"))
        #expect(try Self.refusal(["aud": ["qpi", "other"], "azp": "other"]).contains("authorized party"))
        #expect(try Self.check(["aud": ["qpi", "other"], "azp": "qpi"]).get() == "alice")
    }

    @Test func theKeyIDIsReadFromTheHeaderOnly() {
        let header = Data(#"{"alg":"RS256","kid":"key-7"}"#.utf8).base64EncodedString()
            .replacingOccurrences(of: "=", with: "")
        #expect(IDTokenCheck.keyID(of: "\(header).e30.c2ln") == "key-7")
        #expect(IDTokenCheck.keyID(of: "not a token") == nil)
    }
}

struct LoginCodesTests {
    final class Clock: Sendable {
        let time = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        var now: Date { self.time.withLock { $0 } }
    }

    @Test func aCodeIsGoodOnceAndOnlyForAMinute() async {
        let clock = Clock()
        let codes = LoginCodes(now: { clock.now })
        let first = await codes.issue(for: "alice", via: "lab")
        #expect(first.count == 43)
        #expect(await codes.redeem(first) == LoginCodes.SignedIn(user: "alice", provider: "lab"))
        #expect(await codes.redeem(first) == nil)
        let late = await codes.issue(for: "bob", via: "lab")
        clock.time.withLock { $0 += LoginCodes.lifetime + 1 }
        #expect(await codes.redeem(late) == nil)
        #expect(await codes.redeem("guess") == nil)
    }
}

struct PKCETests {
    /// The challenge is base64url(SHA-256(verifier)) without padding; the expected value was
    /// computed with `openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '='`.
    @Test func theChallengeIsS256OfTheVerifier() {
        let secrets = SignInSecrets(state: "s", nonce: "n", codeVerifier: "dBjftJeZ4CVP-mJ92K27uhbUJU1p1r_wW1gFWFOEjXk")
        #expect(secrets.codeChallenge == "ngF5GsXcbwljx6u133FFr3Xht9xooA_DuaX_3QwODtc")
        let random = SignInSecrets.generate()
        #expect(Set([random.state, random.nonce, random.codeVerifier]).count == 3)
        #expect(random.codeVerifier.count == 43)
    }
}
