import Logging
import QPIController
import ServiceLifecycle

/// Runs an action every period until the group shuts down: the controller's safety nets
/// (recovery sweep, scheduler poll, telemetry retention). The period is read each round, so
/// a reconfigure changes it from the next one.
struct PeriodicService: Service, CustomStringConvertible {
    enum Start {
        /// The first round comes one period after start: the recovery sweep and the scheduler
        /// poll catch what events missed, and at start nothing has been missed yet.
        case afterOnePeriod
        case immediately
    }

    let description: String
    let start: Start
    let period: @Sendable () async -> Double
    let action: @Sendable () async -> Void

    func run() async {
        // Graceful shutdown cancels the loop; the only error it can end with is that cancellation.
        try? await cancelWhenGracefulShutdown {
            if self.start == .immediately { await self.action() }
            while true {
                try await Task.sleep(for: .seconds(await self.period()))
                await self.action()
            }
        }
    }
}

/// Re-reads the configuration on each SIGHUP, as `qctl reconfigure` does.
struct HangupService: Service, CustomStringConvertible {
    let description = "configuration reload on SIGHUP"
    let hangups: AsyncStream<Void>
    let reloader: ConfigurationReloader

    func run() async {
        // The reloader logs why a reload was refused; a SIGHUP has nobody else to tell.
        for await _ in self.hangups.cancelOnGracefulShutdown() { _ = try? await self.reloader.reload() }
    }
}

/// Serves one configured QPU's link until shutdown closes its socket.
struct QPULinkService: Service, CustomStringConvertible {
    let endpoint: QPULinkEndpoint
    let controller: ClusterController
    let logger: Logger
    var description: String { "link of QPU \(self.endpoint.qpu)" }

    func run() async {
        await withGracefulShutdownHandler {
            await self.endpoint.serve(controller: self.controller, logger: self.logger)
        } onGracefulShutdown: {
            self.endpoint.close()
        }
    }
}

/// Something started before the group runs (a listener, a front end) and stopped by it: the
/// group's shutdown order is then the order of its services, reversed.
struct StopOnShutdown: Service, CustomStringConvertible {
    let description: String
    let stop: @Sendable () async -> Void

    func run() async {
        // Cancellation of the group stops it as well as a graceful shutdown does.
        try? await gracefulShutdown()
        await self.stop()
    }
}

/// Returns when the daemon is told to stop (qpictld: SIGTERM or SIGINT), which shuts the
/// group down; cancelled when the group stops for another reason.
struct StopRequest: Service, CustomStringConvertible {
    let description = "stop request"
    let wait: @Sendable () async -> Void

    func run() async {
        await cancelWhenGracefulShutdown { await self.wait() }
    }
}
