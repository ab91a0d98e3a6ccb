import Foundation
import HTTPTypes
import Hummingbird
import Logging
import QPIController
import QPICore
import QPIOIDC
import QPIWire

/// What route handlers reach: the controller (the one command layer both front ends
/// call) and the HTTP settings.
public struct APIServices: Sendable {
    public var controller: ClusterController
    public var settings: HTTPSettings
    public var logger: Logger
    public var loginLimiter: LoginLimiter
    /// OpenID Connect sign-in; nil when `OAuth2Providers` names none.
    public var signIn: OIDCSignIn?
    let loginCodes = LoginCodes()
    let changes: ChangeFeed
    /// Where `POST /api/jobs` expands circuits: two at a time, so checking costs at most
    /// twice `maxCheckedInstructions` instructions of memory, however many clients submit.
    let circuitChecks = BlockingWorkPool(name: "circuit checks", width: 2, queueLimit: 32)
    /// Seconds since the Unix epoch.
    public var now: @Sendable () -> Double
    /// The text `GET /metrics` serves; qpictld hands in its Prometheus registry's scrape.
    public var scrapeMetrics: @Sendable () async -> String

    public init(
        controller: ClusterController, settings: HTTPSettings, logger: Logger,
        loginLimiter: LoginLimiter = LoginLimiter(), signIn: OIDCSignIn? = nil,
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
        scrapeMetrics: @escaping @Sendable () async -> String = { "" }
    ) {
        self.controller = controller
        self.settings = settings
        self.logger = logger
        self.loginLimiter = loginLimiter
        self.signIn = signIn
        self.now = now
        self.scrapeMetrics = scrapeMetrics
        self.changes = ChangeFeed(controller: controller)
    }
}

/// The HTTP front end's settings, in plain units.
public struct HTTPSettings: Sendable {
    /// Largest accepted request body, in bytes (MaxMessageSize, as for commands); larger is 413.
    public var maxBodySize: Int = 1 << 20
    /// DisableEmailPasswordAuth: `POST /api/auth/login` is refused.
    public var disablePasswordLogin = false
    /// Lifetime of a token from `POST /api/auth/login`, in seconds.
    public var loginTokenSeconds: Double = 8 * 3_600
    /// The daemon's own uid, an administrator like root.
    public var daemonUID: UInt32 = 0
    /// PrivateMetrics: `GET /metrics` needs a user's token.
    public var privateMetrics = false
    /// Circuits one `POST /api/jobs` may hold.
    public var maxCircuitsPerJob = 1_000
    /// Instructions the controller expands the circuits of one `POST /api/jobs` to while it
    /// checks them (a few hundred bytes each); a larger job is refused with 413, and
    /// `qsub`, which expands circuits on the user's machine, takes it.
    public var maxCheckedInstructions = 200_000
    /// The controller's command listener, ControlAddr:ControlPort, which the node setup that
    /// `POST /api/op/qpus/create` returns names unless the request gives another; nil: a
    /// placeholder, as `qctl qpu create` prints without a configuration.
    public var controllerAddress: String?
    /// The server speaks HTTPS: sign-in builds https callback addresses and secure cookies.
    public var https = false
    /// Longest wait `GET /api/jobs/{id}?wait=` holds a request open, in seconds.
    public var maxWaitSeconds: Double = 600

    public init() {}
}
