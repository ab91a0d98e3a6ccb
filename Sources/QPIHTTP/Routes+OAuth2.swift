import Foundation
import HTTPTypes
import Hummingbird
import Logging
import QPIConfig
import QPIController
import QPICore
import QPIOIDC
import QPIWire

extension APIRoutes {
    /// Sign-in with an OpenID Connect provider (`OAuth2Providers`), for the dashboard and
    /// any API client that can open a browser.
    ///
    /// `…/login` sends the browser to the provider with state, nonce and a PKCE challenge,
    /// and binds the state to that browser with a cookie. The provider sends it back to
    /// `…/callback`, which checks the state against the cookie, trades the code for an ID
    /// token and checks that, then sends the browser on with a one-time login code in the
    /// URL fragment (never sent to a server, never in logs). `POST …/exchange` trades that
    /// code for a login token, as `POST /api/auth/login` gives for a password.
    mutating func addOAuth2Routes() {
        self.add(.get, "/api/auth/methods", auth: .anonymous) { call in
            let providers = (call.services.signIn?.configured ?? []).map {
                AuthMethodsJSON.Provider(
                    name: $0.name, displayName: $0.displayName, loginURL: "/api/auth/oauth2/\($0.name)/login")
            }
            return AuthMethodsJSON(password: !call.services.settings.disablePasswordLogin, oauth2: providers)
        }
        self.add(.get, "/api/auth/oauth2/{provider}/login", auth: .anonymous) { call in
            let signIn = try call.signIn()
            let name = try call.parameter("provider")
            let returnTo = try OAuth2Redirects.returnPath(call.query("return_to"))
            let redirectURI = try OAuth2Redirects.callbackURI(
                for: try await call.run { () throws(WireError) in try signIn.provider(name) },
                request: call.request, https: call.services.settings.https)
            let (address, state) = try await call.run { () async throws(WireError) in
                try await signIn.begin(
                    provider: name, redirectURI: redirectURI, returnTo: returnTo, address: call.context.remoteAddress)
            }
            var headers: HTTPFields = [.location: address, .cacheControl: "no-store"]
            headers[.setCookie] = OAuth2Redirects.stateCookie(state, https: call.services.settings.https)
            return Response(status: .found, headers: headers)
        }
        self.add(.get, "/api/auth/oauth2/{provider}/callback", auth: .anonymous) { call in
            let signIn = try call.signIn()
            let name = try call.parameter("provider")
            var headers: HTTPFields = [.cacheControl: "no-store"]
            headers[.setCookie] = OAuth2Redirects.stateCookie(nil, https: call.services.settings.https)
            do throws(WireError) {
                let (user, returnTo) = try await signIn.complete(
                    provider: name, state: call.query("state"),
                    browserState: OAuth2Redirects.cookie(OAuth2Redirects.stateCookieName, in: call.request),
                    code: call.query("code"),
                    providerError: call.query("error").map { error in
                        call.query("error_description").map { "\(error): \($0)" } ?? error
                    })
                let code = await call.services.loginCodes.issue(for: user, via: name)
                call.services.logger.info("OAuth2 sign-in", metadata: ["user": "\(user)", "provider": "\(name)"])
                headers[.location] = "\(returnTo)#login_code=\(code)"
            } catch {
                call.services.logger.notice(
                    "OAuth2 sign-in refused: \(error.message)", metadata: ["provider": "\(name)"])
                headers[.location] = "/dashboard/#login_error=\(URLText.percentEncoded(error.message))"
            }
            return Response(status: .seeOther, headers: headers)
        }
        self.add(.post, "/api/auth/oauth2/exchange", auth: .anonymous) { call in
            _ = try call.signIn()
            let body = try await call.decode(LoginCodeBody.self, limit: LoginBody.maxBytes)
            guard let signedIn = await call.services.loginCodes.redeem(body.code) else {
                throw APIError(
                    .unauthenticated, "this login code is unknown, used or expired: sign in again", field: "code")
            }
            let settings = call.services.settings
            let (token, caller) = try await call.run { () async throws(WireError) in
                try await call.controller.signIn(
                    user: signedIn.user, via: signedIn.provider, lifetime: settings.loginTokenSeconds,
                    daemonUID: settings.daemonUID)
            }
            return LoginJSON(
                token: token.token, expiresAt: token.info.expiresAt ?? 0, user: caller.user, isAdmin: caller.isAdmin)
        }
    }
}

extension APICall {
    /// The sign-in flow; 404 when no provider is configured.
    func signIn() throws -> OIDCSignIn {
        guard let signIn = self.services.signIn else {
            throw APIError(.notFound, "no OAuth2 sign-in providers are configured (OAuth2Providers)")
        }
        return signIn
    }
}

/// The addresses and cookie of the sign-in's redirects.
enum OAuth2Redirects {
    static let stateCookieName = "qpi_oauth2_state"

    /// Where the browser goes after signing in: a path on this server only, so a crafted
    /// login link cannot send a fresh login code to another site.
    static func returnPath(_ text: String?) throws -> String {
        guard let text, !text.isEmpty else { return "/dashboard/" }
        guard text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\"), !text.contains("#"),
            text.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline })
        else {
            throw APIError(
                .invalidArgument, "return_to must be a path on this server, such as /dashboard/", field: "return_to")
        }
        return text
    }

    /// The provider's `redirect_uri`, or this server's callback at the address the browser
    /// used (the Host header, checked to be a host and port only).
    static func callbackURI(for provider: OAuth2Provider, request: Request, https: Bool) throws -> String {
        if let configured = provider.redirectURI { return configured }
        guard let authority = request.head.authority, !authority.isEmpty,
            authority.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:[]".contains($0)) })
        else {
            throw APIError(.malformed, "the request has no usable Host header to build the sign-in's callback address")
        }
        return "\(https ? "https" : "http")://\(authority)/api/auth/oauth2/\(provider.name)/callback"
    }

    /// The cookie that binds a sign-in's state to its browser; nil clears it. `SameSite=Lax`
    /// because the provider's redirect back is a top-level navigation from its site.
    static func stateCookie(_ state: String?, https: Bool) -> String {
        let lifetime = state == nil ? 0 : Int(OIDCSignIn.pendingLifetime)
        return
            "\(Self.stateCookieName)=\(state ?? ""); Path=/api/auth/oauth2; Max-Age=\(lifetime); HttpOnly; SameSite=Lax"
            + (https ? "; Secure" : "")
    }

    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }
}

struct LoginCodeBody: Decodable, Sendable {
    var code: String
}

/// How a user may sign in here: `GET /api/auth/methods`.
struct AuthMethodsJSON: ResponseEncodable, Sendable {
    struct Provider: Encodable, Sendable {
        var name: String
        var displayName: String
        var loginURL: String
    }

    var password: Bool
    var oauth2: [Provider]
}
