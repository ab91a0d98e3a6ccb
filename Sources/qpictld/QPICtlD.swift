import CoreMetrics
import Foundation
import Logging
import Prometheus
import QPIConfig
import QPIController
import QPIControllerDaemon
import QPICore
import QPIHTTP
import QPILogging
import QPIOIDC
import QPIProcess

#if os(Linux)
    import CMalloc
#endif

/// `qpictld`: the QPI controller daemon. Every configuration key is also a flag.
@main
enum QPICtlD {
    static func main() async {
        let (verbosity, arguments) = VerbosityFlags.extract(Array(CommandLine.arguments.dropFirst()))
        if arguments.contains("--help") || arguments.contains("-h") {
            print(Self.help())
            return
        }
        if arguments.contains("--version") {
            print(QPIVersion.current)
            return
        }
        // The database, its certificates' keys and the log are the controller's alone,
        // whatever umask started it (outside systemd's UMask= too).
        umask(0o077)
        // glibc raises its mmap threshold after the first large block is freed, so the
        // buffers of a big listing then stay in the heap: a fixed threshold gives them back
        // (three listings of 100,000 jobs left 195 MiB resident before, 166 MiB after).
        #if os(Linux)
            _ = mallopt(M_MMAP_THRESHOLD, 128 << 10)
        #endif
        // Before anything can fail: from here on SIGHUP and SIGUSR2 must not terminate.
        let hangups = DaemonSignal.deliveries(of: SIGHUP)
        let reopens = DaemonSignal.deliveries(of: SIGUSR2)
        let environment = ProcessInfo.processInfo.environment
        let load: @Sendable () throws(ConfigurationError) -> LoadedConfiguration = { () throws(ConfigurationError) in
            try ConfigurationLoader.loadWithSources(arguments: arguments, environment: environment)
        }
        let loaded: LoadedConfiguration
        let sink: LogSink
        do {
            loaded = try load()
            sink = try LogSink(configuration: loaded.configuration, verbosity: verbosity)
        } catch {
            printError("\(error)")
            printError("qpictld: refusing to start with an invalid configuration")
            exit(1)
        }
        if let problem = loaded.configuration.plaintextHTTPProblem {
            printError("qpictld: refusing to start: \(problem)")
            exit(1)
        }
        sink.bootstrap()
        let logger = Logger(label: "qpictld")
        let reopening = Task {
            for await _ in reopens {
                do {
                    try sink.reopen()
                    logger.info("log file reopened")
                } catch {
                    logger.error("\(error); still writing to the old file")
                }
            }
        }
        // Libraries that report through the global MetricsSystem land in the same registry.
        let metrics = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(ControllerDaemon.metricsFactory(metrics))
        let reload = ReloadSource(load: load, applyLogging: { try sink.apply($0) })
        do {
            try await ControllerDaemon(
                configuration: loaded.configuration, logger: logger, metrics: metrics, sources: loaded.sources,
                reload: reload,
                hangups: hangups
            ).run(
                frontEnds: [Self.httpAPI(loaded.configuration, logger: logger, metrics: metrics)]
            ) {
                if let signal = await TerminationSignal.wait() { logger.info("received \(signal)") }
            }
        } catch {
            logger.critical("qpictld failed: \(error)")
            exit(1)
        }
        reopening.cancel()
    }

    /// The HTTP API on ControlAddr:ServerPort.
    static func httpAPI(
        _ configuration: QPIConfiguration, logger: Logger, metrics: PrometheusCollectorRegistry
    ) -> ControllerDaemon.FrontEnd {
        { controller in
            var settings = HTTPSettings()
            settings.maxBodySize = configuration.maxMessageSize
            settings.disablePasswordLogin = configuration.disableEmailPasswordAuth
            settings.privateMetrics = configuration.privateMetrics
            settings.daemonUID = getuid()
            settings.controllerAddress = "\(configuration.controlAddr):\(configuration.controlPort)"
            settings.https = configuration.serverTLS
            let providers = try OAuth2Provider.list(fromJSON: configuration.oauth2Providers).map {
                try $0.withSecretRead()
            }
            // The controller created its certificate before the front ends start.
            let tls =
                configuration.serverTLS
                ? ServerIdentityPEM(
                    certificateChain: try String(contentsOfFile: configuration.tlsCertFile, encoding: .utf8),
                    privateKey: try String(contentsOfFile: configuration.tlsKeyFile, encoding: .utf8))
                : nil
            return try await HTTPServer.start(
                services: APIServices(
                    controller: controller, settings: settings, logger: logger,
                    signIn: providers.isEmpty ? nil : OIDCSignIn(providers: providers),
                    scrapeMetrics: { await ControllerDaemon.scrape(controller, registry: metrics) }),
                host: configuration.controlAddr, port: configuration.serverPort, tls: tls)
        }
    }

    static func help() -> String {
        var lines = [
            "USAGE: qpictld [-v...] [--conf FILE] [--KEY VALUE ...] | --version | --help",
            "",
            "The QPI controller: job queue, scheduler, dispatcher and accounting.",
            "Configuration comes from flags, then QPI_* environment variables, then the",
            "configuration file (--conf/--config-file, $QPI_CONFIG_FILE or $QPI_CONF, else",
            "./etc/qpi.conf or /etc/qpi/qpi.conf; .json and .yaml files hold the same keys),",
            "then defaults. Relative paths are relative to the directory qpictld starts in.",
            "SIGTERM or SIGINT shut it down gracefully. SIGHUP re-reads the configuration",
            "file, as `qctl reconfigure` does (flags and QPI_* variables given at start stay",
            "in force; keys marked 'restart' below keep their running values). SIGUSR2",
            "reopens LogFile, for logrotate.",
            "",
            "  -v, --verbose  Log one level more per use (info, then debug, then trace).",
            "",
            "The HTTP API (ServerPort) takes API tokens and, unless DisableEmailPasswordAuth,",
            "password logins (POST /api/auth/login; set passwords with qctl user passwd), and",
            "sign-in with the OpenID Connect providers of OAuth2Providers (docs/oauth2.md).",
            "",
            "KEYS (flag, environment variable, default):",
        ]
        for key in ConfigurationLoader.keys {
            lines.append(
                "  \(key.flag) (\(key.environmentVariable), default \(key.defaultText.isEmpty ? "none" : key.defaultText))"
            )
            lines.append("      \(key.name)\(key.isLive ? "" : " (restart)"): \(key.help)")
        }
        return lines.joined(separator: "\n")
    }
}
