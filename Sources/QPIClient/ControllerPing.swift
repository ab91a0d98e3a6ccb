import QPIConfig
import QPIControllerClient
import QPICore
import QPIWire

/// What `qctl ping` found: whether the controller answered, who it is and how fast.
public struct PingOutcome: Codable, Sendable, Hashable {
    /// The controller's command address.
    public var controller: String
    public var up: Bool
    public var cluster: String?
    /// Who the controller took the caller for.
    public var user: String?
    /// From sending the request to reading the answer (munge signing included), in seconds.
    public var roundTripSeconds: Double?
    /// Why the controller is taken for down; nil when up.
    public var error: String?

    public init(
        controller: String, up: Bool, cluster: String? = nil, user: String? = nil, roundTripSeconds: Double? = nil,
        error: String? = nil
    ) {
        self.controller = controller
        self.up = up
        self.cluster = cluster
        self.user = user
        self.roundTripSeconds = roundTripSeconds
        self.error = error
    }
}

/// `qctl ping`'s check, as `scontrol ping` makes it.
public enum ControllerPing {
    /// Pings the controller `configuration` names, waiting at most `timeout` for its answer.
    public static func ping(_ configuration: QPIConfiguration, timeout: Duration) async -> PingOutcome {
        let url = ClusterOptions.controllerURL(configuration)
        let client: ControllerClient
        do {
            client = try ControllerClient(
                url: url, mungeSocket: configuration.mungeSocket, cluster: configuration.clusterName, timeout: timeout,
                maxMessageSize: configuration.maxMessageSize)
        } catch {
            return PingOutcome(controller: url, up: false, error: error.message)
        }
        defer { client.close() }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let answer = try await client.call(PingRequest())
            return PingOutcome(
                controller: url, up: true, cluster: answer.cluster, user: answer.user,
                roundTripSeconds: (clock.now - start).totalSeconds)
        } catch {
            // An error the controller sent back still proves it up (a refused credential, say).
            return PingOutcome(
                controller: url, up: error.wire != nil,
                roundTripSeconds: error.wire != nil ? (clock.now - start).totalSeconds : nil,
                error: error.message)
        }
    }
}
