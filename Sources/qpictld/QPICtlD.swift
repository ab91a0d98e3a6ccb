import CoreMetrics
import Foundation
import Logging
import Prometheus
import QPIClient
import QPIConfig
import QPIController
import QPICore

/// `qpictld`: the QPI controller daemon. Every configuration key is also a flag.
@main
enum QPICtlD {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.contains("--help") || arguments.contains("-h") {
            print(Self.help())
            return
        }
        if arguments.contains("--version") {
            print(QPIVersion.current)
            return
        }
        let configuration: QPIConfiguration
        do {
            configuration = try ConfigurationLoader.load(
                arguments: arguments, environment: ProcessInfo.processInfo.environment)
        } catch {
            printError("\(error)")
            printError("qpictld: refusing to start with an invalid configuration")
            exit(1)
        }
        let level = Logger.Level(rawValue: configuration.logLevel.rawValue) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "qpictld")
        // Libraries that report through the global MetricsSystem land in the same registry.
        let metrics = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(ControllerDaemon.metricsFactory(metrics))
        do {
            try await ControllerDaemon(configuration: configuration, logger: logger, metrics: metrics).run {
                let signal = await TerminationSignal.wait()
                logger.info("received \(signal)")
            }
        } catch {
            logger.critical("qpictld failed: \(error)")
            exit(1)
        }
    }

    static func help() -> String {
        var lines = [
            "USAGE: qpictld [--conf FILE] [--KEY VALUE ...] | --version | --help",
            "",
            "The QPI controller: job queue, scheduler, dispatcher and accounting.",
            "Configuration comes from flags, then QPI_* environment variables, then the",
            "configuration file (--conf/--config-file, $QPI_CONFIG_FILE or $QPI_CONF, else",
            "./etc/qpi.conf or /etc/qpi/qpi.conf; .json and .yaml files hold the same keys),",
            "then defaults. Relative paths are relative to the directory qpictld starts in.",
            "SIGTERM or SIGINT shut it down gracefully.",
            "",
            "KEYS (flag, environment variable, default):",
        ]
        for key in ConfigurationLoader.keys {
            lines.append(
                "  \(key.flag) (\(key.environmentVariable), default \(key.defaultText.isEmpty ? "none" : key.defaultText))"
            )
            lines.append("      \(key.name): \(key.help)")
        }
        return lines.joined(separator: "\n")
    }
}
