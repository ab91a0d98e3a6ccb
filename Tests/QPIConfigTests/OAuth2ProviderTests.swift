import Foundation
import Testing

@testable import QPIConfig

/// `OAuth2Providers`: each provider checked when qpi.conf is read, every refusal naming
/// the entry and the field.
struct OAuth2ProviderTests {
    static func refusal(_ json: String) -> String {
        do {
            _ = try OAuth2Provider.list(fromJSON: json)
            return "accepted"
        } catch {
            return error.description
        }
    }

    @Test func providersReadWithDefaultsAndTheReferencesSpellings() throws {
        let providers = try OAuth2Provider.list(
            fromJSON: #"""
                [{"name": "lab", "issuer": "https://login.lab.example/realms/q", "clientId": "qpi", "clientSecret": "s",
                  "user_claim": "email", "user_suffix": "@lab.example", "display_name": "Lab"},
                 {"name": "off", "issuer": "https://x.example", "client_id": "c", "enabled": false},
                 {"name": "pub", "issuer": "http://127.0.0.1:9400", "client_id": "c2", "client_secret_file": "/etc/qpi/s"}]
                """#)
        #expect(providers.map(\.name) == ["lab", "pub"])
        #expect(providers[0].clientID == "qpi" && providers[0].clientSecret == "s" && providers[0].displayName == "Lab")
        #expect(providers[0].userClaim == "email" && providers[0].userSuffix == "@lab.example")
        #expect(
            providers[1].userClaim == "preferred_username" && providers[1].scopes == ["openid", "profile", "email"])
        #expect(providers[1].clientSecretFile == "/etc/qpi/s" && providers[1].displayName == "pub")
        #expect(try OAuth2Provider.list(fromJSON: "") == [])
    }

    @Test func eachMistakeIsNamed() {
        let base = #""issuer": "https://a.example", "client_id": "c""#
        #expect(Self.refusal("[1]") == "OAuth2Providers[0] is not an object")
        #expect(Self.refusal("{oops").contains("not JSON"))
        #expect(
            Self.refusal(#"[{"name": "a", \#(base)}, {"issuer": "https://b.example"}]"#)
                == "OAuth2Providers[1].name is missing")
        #expect(Self.refusal(#"{"name": "Lab!", \#(base)}"#).contains("OAuth2Providers[0].name 'Lab!'"))
        #expect(Self.refusal(#"{"name": "a", "client_id": "c"}"#) == "OAuth2Providers[0].issuer is missing")
        #expect(
            Self.refusal(#"{"name": "a", "issuer": "ftp://a.example", "client_id": "c"}"#).contains(".issuer 'ftp://"))
        #expect(
            Self.refusal(#"{"name": "a", "issuer": "https://a.example?x=1", "client_id": "c"}"#).contains(".issuer"))
        #expect(
            Self.refusal(#"{"name": "a", "issuer": "https://a.example"}"#) == "OAuth2Providers[0].client_id is missing")
        #expect(Self.refusal(#"{"name": "a", \#(base), "scopes": ["profile"]}"#).contains(".scopes must"))
        #expect(
            Self.refusal(#"{"name": "a", \#(base), "user_clam": "email"}"#).contains(
                "[0].user_clam is not a provider field"))
        #expect(Self.refusal(#"{"name": "a", \#(base), "enabled": "yes"}"#).contains(".enabled must be true or false"))
        #expect(
            Self.refusal(#"{"name": "a", \#(base), "client_secret": "s", "client_secret_file": "f"}"#).contains(
                "not both"))
        #expect(Self.refusal(#"[{"name": "a", \#(base)}, {"name": "a", \#(base)}]"#).contains("listed twice"))
    }

    @Test func theSecretFileIsReadOnlyWhenTheServerAsks() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qpi-oauth2-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("secret").path
        let json = #"{"name": "a", "issuer": "https://a.example", "client_id": "c", "client_secret_file": "\#(file)"}"#
        // Commands read qpi.conf too: a secret file they cannot read is no error for them.
        let provider = try #require(try OAuth2Provider.list(fromJSON: json).first)
        #expect(throws: InvalidProviders.self) { try provider.withSecretRead() }
        try "  the-secret\nsecond line\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try provider.withSecretRead().clientSecret == "the-secret")
        try "\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: InvalidProviders.self) { try provider.withSecretRead() }
    }
}
