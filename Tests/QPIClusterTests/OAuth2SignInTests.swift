import Foundation
import QPITesting
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension ClusterSuite {
    /// OpenID Connect sign-in against a real provider: Authlib's authorization server in
    /// `Tests/OIDCProvider/provider.py`, which requires PKCE with S256 and can be told to
    /// issue ID tokens that are wrong in one way each. Every step is the browser's real
    /// request, with its cookie, through qpictld's HTTP API.
    @Suite struct OAuth2SignInTests {
        static let clientID = "qpi-test"
        static let clientSecret = "a-client-secret"

        /// The provider, and a cluster whose `OAuth2Providers` names it as `lab`.
        static func withProviderAndCluster(_ body: (TestService, ClusterHarness) async throws -> Void) async throws {
            let script = PythonExecutors.repositoryRoot.appendingPathComponent("Tests/OIDCProvider/provider.py").path
            let provider = try await TestService(
                try PythonExecutors.interpreter(),
                [script, "--client-id", Self.clientID, "--client-secret", Self.clientSecret])
            defer { provider.stop() }
            let providers =
                #"[{"name": "lab", "display_name": "Lab sign-in", "issuer": "\#(provider.address)", "#
                + #""client_id": "\#(Self.clientID)", "client_secret": "\#(Self.clientSecret)"}]"#
            do {
                try await withCluster(settings: ["OAuth2Providers": "'\(providers)'"]) { cluster in
                    try await body(provider, cluster)
                }
            } catch {
                throw HarnessError("\(error)\nprovider output:\n\(provider.output.suffix(3_000))")
            }
        }

        @Test func aUserSignsInThroughTheProviderAndGetsALoginToken() async throws {
            try await Self.withProviderAndCluster { provider, cluster in
                let anonymous = HTTPClient(cluster)
                let methods = try await anonymous.get("/api/auth/methods")
                let listed = try #require(methods.json["oauth2"] as? [[String: Any]], "\(methods)")
                #expect(
                    listed.first?["name"] as? String == "lab"
                        && listed.first?["display_name"] as? String == "Lab sign-in")
                #expect(listed.first?["login_url"] as? String == "/api/auth/oauth2/lab/login")
                #expect(methods.json["password"] as? Bool == true)

                let alice = TestUser.alice.name
                let browser = Browser(cluster: cluster)
                let landing = try await browser.signIn(as: alice, returnTo: "/dashboard/")
                #expect(landing.path == "/dashboard/", "\(landing)")
                let code = try #require(landing.fragment["login_code"], "\(landing)")
                let login = try await anonymous.post("/api/auth/oauth2/exchange", ["code": code])
                #expect(login.status == 200, "\(login)")
                #expect(login.json["user"] as? String == alice && login.json["is_admin"] as? Bool == false, "\(login)")
                let token = try #require(login.json["token"] as? String)
                let me = try await anonymous.with(token: token).get("/api/me")
                #expect(me.status == 200 && me.json["user"] as? String == alice, "\(me)")

                // A login code is good once.
                let again = try await anonymous.post("/api/auth/oauth2/exchange", ["code": code])
                #expect(again.status == 401 && again.errorField == "code", "\(again)")
                // The code was traded with the PKCE verifier and the client's secret.
                let trades = try await HTTPClient(baseURL: provider.address).get("/test/token-requests")
                let trade = try #require(
                    (try JSONSerialization.jsonObject(with: trades.body) as? [[String: Any]])?.first, "\(trades)")
                #expect(trade["has_verifier"] as? Bool == true && trade["auth"] as? Bool == true, "\(trade)")

                // Someone the provider knows but the controller's host does not gets no token.
                let stranger = try await browser.signIn(as: "nobody-here", returnTo: nil)
                #expect(stranger.fragment["login_code"] != nil, "\(stranger)")
                let refused = try await anonymous.post(
                    "/api/auth/oauth2/exchange", ["code": stranger.fragment["login_code"] ?? ""])
                #expect(refused.status == 401 && refused.text.contains("no account"), "\(refused)")

                // return_to stays on this server.
                let away = try await browser.get("/api/auth/oauth2/lab/login?return_to=//evil.example/")
                #expect(away.status == 422, "\(away)")
                let unknown = try await browser.get("/api/auth/oauth2/nosuch/login")
                #expect(unknown.status == 404, "\(unknown)")
            }
        }

        /// One client cannot take every place for a waiting sign-in: past its own bound it is
        /// refused with 429, while a sign-in from another address still starts.
        @Test func oneAddressCannotHoldEveryWaitingSignIn() async throws {
            try await Self.withProviderAndCluster { _, cluster in
                let browser = Browser(cluster: cluster)
                for attempt in 1...20 {
                    let started = try await browser.get("/api/auth/oauth2/lab/login")
                    #expect(started.status == 302, "sign-in \(attempt): \(started)")
                }
                let refused = try await browser.get("/api/auth/oauth2/lab/login")
                #expect(refused.status == 429, "\(refused)")
                #expect(refused.body.contains("20 sign-ins from 127.0.0.1 are already waiting"), "\(refused)")

                let server = try #require(URL(string: cluster.httpURL))
                let fromElsewhere = """
                    import http.client, sys
                    connection = http.client.HTTPConnection(
                        sys.argv[1], int(sys.argv[2]), source_address=("127.0.0.2", 0), timeout=30)
                    connection.request("GET", "/api/auth/oauth2/lab/login")
                    print(connection.getresponse().status)
                    """
                let other = try Tool.run(
                    try PythonExecutors.interpreter(),
                    ["-c", fromElsewhere, try #require(server.host), String(try #require(server.port))])
                #expect(other.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "302", "\(other)")
            }
        }

        @Test func aCallbackWithoutThisBrowsersStateIsRefused() async throws {
            try await Self.withProviderAndCluster { _, cluster in
                let browser = Browser(cluster: cluster)
                let alice = TestUser.alice.name
                // The victim's browser never started this sign-in: no state cookie.
                let started = try await browser.startAtProvider(as: alice)
                let noCookie = try await browser.follow(started.callback, cookie: nil)
                #expect(noCookie.fragment["login_error"]?.contains("state") == true, "\(noCookie)")
                // A state cookie of another sign-in.
                let other = try await browser.startAtProvider(as: alice)
                let mixed = try await browser.follow(started.callback, cookie: other.cookie)
                #expect(mixed.fragment["login_error"]?.contains("state") == true, "\(mixed)")
                // The right cookie, once; the same answer replayed finds nothing waiting.
                let third = try await browser.startAtProvider(as: alice)
                let good = try await browser.follow(third.callback, cookie: third.cookie)
                #expect(good.fragment["login_code"] != nil, "\(good)")
                let replay = try await browser.follow(third.callback, cookie: third.cookie)
                #expect(replay.fragment["login_error"]?.contains("no sign-in is waiting") == true, "\(replay)")
            }
        }

        @Test func idTokensThatAreWrongInAnyWayAreRefused() async throws {
            try await Self.withProviderAndCluster { provider, cluster in
                let browser = Browser(cluster: cluster)
                let control = HTTPClient(baseURL: provider.address)
                let cases = [
                    ("expired", "expired"), ("wrong_audience", "audience"), ("wrong_issuer", "issuer"),
                    ("unsigned", "signature does not verify"), ("bad_signature", "signature does not verify"),
                    ("wrong_nonce", "nonce"),
                ]
                for (mode, reason) in cases {
                    #expect(try await control.post("/test/mode", ["mode": mode]).status == 200)
                    let landing = try await browser.signIn(as: TestUser.alice.name, returnTo: nil)
                    #expect(landing.fragment["login_code"] == nil, "\(mode): \(landing)")
                    let error = landing.fragment["login_error"] ?? ""
                    #expect(error.contains("ID token was refused") && error.contains(reason), "\(mode): \(landing)")
                }
                // A key the controller has not seen yet is fetched once more, as after a rotation.
                #expect(try await control.post("/test/mode", ["mode": "rotated_key"]).status == 200)
                let rotated = try await browser.signIn(as: TestUser.alice.name, returnTo: nil)
                #expect(rotated.fragment["login_code"] != nil, "\(rotated)")
            }
        }
    }
}

/// A browser without JavaScript: it follows the sign-in's redirects by hand, keeps the
/// state cookie, and fills in the test provider's login form.
private struct Browser {
    let cluster: ClusterHarness
    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        return URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }()

    struct Answer: CustomStringConvertible {
        var status: Int
        var location: String?
        var setCookie: String?
        var body: String
        var description: String { "HTTP \(self.status) location \(self.location ?? "-"): \(self.body.prefix(500))" }
    }

    /// Where the sign-in left the browser: the path and the fragment's fields.
    struct Landing: CustomStringConvertible {
        var path: String
        var fragment: [String: String]
        var description: String { "\(self.path) \(self.fragment)" }
    }

    func request(_ address: String, method: String = "GET", form: String? = nil, cookie: String? = nil)
        async throws -> Answer
    {
        var request = URLRequest(url: try #require(URL(string: address)), timeoutInterval: 30)
        request.httpMethod = method
        if let form {
            request.httpBody = Data(form.utf8)
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        }
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        let (data, response) = try await Self.session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return Answer(
            status: http.statusCode, location: http.value(forHTTPHeaderField: "Location"),
            setCookie: http.value(forHTTPHeaderField: "Set-Cookie"), body: String(decoding: data, as: UTF8.self))
    }

    func get(_ path: String) async throws -> Answer { try await self.request(self.cluster.httpURL + path) }

    /// Starts a sign-in and logs in at the provider: the callback address the provider
    /// sends the browser to, and the cookie the controller set for it.
    func startAtProvider(as user: String, returnTo: String? = nil) async throws -> (callback: String, cookie: String) {
        let query =
            returnTo.map { "?return_to=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" } ?? ""
        let start = try await self.get("/api/auth/oauth2/lab/login\(query)")
        guard start.status == 302, let authorize = start.location, let setCookie = start.setCookie else {
            throw HarnessError("the sign-in did not redirect to the provider: \(start)")
        }
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"), "\(setCookie)")
        let cookie = String(setCookie.split(separator: ";")[0])
        let form = try await self.request(authorize)
        guard form.status == 200 else { throw HarnessError("the provider's login form: \(form)") }
        let login = try await self.request(authorize, method: "POST", form: "username=\(user)")
        guard login.status == 302, let callback = login.location else {
            throw HarnessError("the provider did not send the browser back: \(login)")
        }
        return (callback, cookie)
    }

    /// Follows the provider's redirect back to the controller, with `cookie`.
    func follow(_ callback: String, cookie: String?) async throws -> Landing {
        let back = try await self.request(callback, cookie: cookie)
        guard back.status == 303, let location = back.location else {
            throw HarnessError("the callback did not redirect: \(back)")
        }
        let parts = location.split(separator: "#", maxSplits: 1).map(String.init)
        var fields: [String: String] = [:]
        for pair in (parts.count > 1 ? parts[1] : "").split(separator: "&") {
            let item = pair.split(separator: "=", maxSplits: 1).map(String.init)
            fields[item[0]] = item.count > 1 ? (item[1].removingPercentEncoding ?? item[1]) : ""
        }
        return Landing(path: parts[0], fragment: fields)
    }

    /// The whole sign-in as a browser makes it.
    func signIn(as user: String, returnTo: String?) async throws -> Landing {
        let started = try await self.startAtProvider(as: user, returnTo: returnTo)
        return try await self.follow(started.callback, cookie: started.cookie)
    }
}

/// Hands each redirect back to the test instead of following it.
private final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
