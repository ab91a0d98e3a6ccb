import Foundation
import Logging
import QPIClient
import QPIConfig
import QPIController
import QPIHTTP

/// `qpictld`: the QPI controller daemon. Every configuration key is also a flag.
@main
enum QPICtlD {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.contains("--help") || arguments.contains("-h") {
            print(Self.help())
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
        do {
            try await ControllerDaemon(configuration: configuration, logger: logger).run(
                frontEnds: [Self.httpAPI(configuration, logger: logger)]
            ) {
                let signal = await TerminationSignal.wait()
                logger.info("received \(signal)")
            }
        } catch {
            logger.critical("qpictld failed: \(error)")
            exit(1)
        }
    }

    /// The HTTP API on ControlAddr:ServerPort.
    static func httpAPI(_ configuration: QPIConfiguration, logger: Logger) -> ControllerDaemon.FrontEnd {
        { controller in
            var settings = HTTPSettings()
            settings.maxBodySize = configuration.maxMessageSize
            settings.disablePasswordLogin = configuration.disableEmailPasswordAuth
            settings.daemonUID = getuid()
            if !configuration.oauth2Providers.isEmpty {
                logger.warning("OAuth2Providers is set, but OAuth2 login is not implemented; it is ignored")
            }
            return try await HTTPServer.start(
                services: APIServices(controller: controller, settings: settings, logger: logger),
                host: configuration.controlAddr, port: configuration.serverPort)
        }
    }

    static func help() -> String {
        var lines = [
            "USAGE: qpictld [--conf FILE] [--KEY VALUE ...]",
            "",
            "The QPI controller: job queue, scheduler, dispatcher and accounting.",
            "Configuration comes from flags, then QPI_* environment variables, then the",
            "configuration file (--conf/--config-file, $QPI_CONFIG_FILE or $QPI_CONF, else",
            "./etc/qpi.conf or /etc/qpi/qpi.conf; .json and .yaml files hold the same keys),",
            "then defaults. Relative paths are relative to the directory qpictld starts in.",
            "SIGTERM or SIGINT shut it down gracefully.",
            "",
            "The HTTP API (ServerPort) takes API tokens and, unless DisableEmailPasswordAuth,",
            "password logins (POST /api/auth/login; set passwords with qctl user passwd).",
            "OAuth2Providers is only checked to be JSON: OAuth2 login is NOT implemented.",
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
