import ArgumentParser
import FoundationEssentials
import QPIConfig
import QPIControllerClient
import QPIProcess
import QPIWire

/// Options every cluster command shares: where the configuration is.
public struct ClusterOptions: ParsableArguments {
    @Option(
        name: .customLong("conf"), help: "Configuration file (default: $QPI_CONF, ./etc/qpi.conf, /etc/qpi/qpi.conf).")
    public var configFile: String?

    @Flag(
        name: [.customShort("Q"), .long],
        help: """
            Do not print the administrators' notifications on standard error. Without it, a command \
            prints each notification meant for you once, before its output.
            """)
    public var quiet = false

    public init() {}

    /// Loads the configuration and connects to the controller it names.
    /// - Parameter notifications: whether the first request prints the caller's unshown
    ///   notifications first (never with `--quiet`).
    public func connect(notifications: Bool = true) throws -> ControllerClient {
        try self.connect(to: try self.loadConfiguration(), notifications: notifications)
    }

    /// Connects to the controller `configuration` names (loaded once by a command that
    /// needs it for more than the address).
    public func connect(to configuration: QPIConfiguration, notifications: Bool = true) throws -> ControllerClient {
        do {
            let client = try ControllerClient(
                url: Self.controllerURL(configuration),
                mungeSocket: configuration.mungeSocket,
                cluster: configuration.clusterName,
                localSocket: configuration.resolvedLocalSocket,
                maxMessageSize: configuration.maxMessageSize)
            if notifications && !self.quiet { client.messageOfTheDay.enable() }
            return client
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// The configuration, or exit 1 with its error printed.
    public func loadConfiguration() throws -> QPIConfiguration {
        do {
            return try ConfigurationLoader.load(
                configFile: self.configFile, environment: ProcessInfo.processInfo.environment)
        } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
    }

    /// Where the controller that `configuration` names takes commands.
    public static func controllerURL(_ configuration: QPIConfiguration) -> String {
        "tcp://\(configuration.controlAddr):\(configuration.controlPort)"
    }
}

extension ControllerClient {
    /// `call`, printing the error the way commands report it and exiting 1 on failure.
    /// The first call of a command also brings back the caller's notifications (``MessageOfTheDay``).
    public func callOrExit<R: WireRequest>(_ request: R, timeout: Duration? = nil, command: String) async throws
        -> R.Response
    {
        do {
            return try await self.call(request, timeout: timeout)
        } catch {
            printError("\(command): error: \(error)")
            throw ExitCode.failure
        }
    }
}
