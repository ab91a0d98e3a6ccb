import ArgumentParser
import Foundation
import Logging
import QPIConfig
import QPILogging
import QPIProcess

extension QPID {
    /// Sends every logger to `LogFile=` (or standard error) at the configured level and
    /// `-v`s, and keeps serving SIGUSR2 (reopen the file) and SIGHUP (re-read the logging
    /// keys) until the process ends.
    func startLogging(_ configuration: QPIConfiguration, qpu: String) throws -> Logger {
        let hangups = DaemonSignal.deliveries(of: SIGHUP)
        let reopens = DaemonSignal.deliveries(of: SIGUSR2)
        let sink: LogSink
        do {
            sink = try LogSink(configuration: configuration, verbosity: self.verbose)
        } catch {
            printError("qpid: error: \(error)")
            throw ExitCode.failure
        }
        sink.bootstrap()
        let logger = Logger(label: "qpid.\(qpu)")
        let configFile = self.configFile
        Task {
            for await _ in reopens {
                do {
                    try sink.reopen()
                    logger.info("log file reopened")
                } catch {
                    logger.error("\(error); still writing to the old file")
                }
            }
        }
        Task {
            for await _ in hangups {
                do {
                    let reloaded = try ConfigurationLoader.load(
                        configFile: configFile, environment: ProcessInfo.processInfo.environment)
                    try sink.apply(reloaded)
                    logger.notice("logging settings reloaded; other keys need a restart of qpid")
                } catch {
                    logger.error("reload refused; logging settings kept", metadata: ["errors": "\(error)"])
                }
            }
        }
        return logger
    }
}
