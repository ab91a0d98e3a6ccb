import ArgumentParser
import Foundation
import Logging
import QPIClient
import QPIConfig
import QPIExecutor
import QPINode

@main
struct QPID: SlurmStyleAsyncCommand {
    static let configuration = CommandConfiguration(
        commandName: "qpid",
        abstract: "The QPI node daemon: runs one QPU's jobs through its executor, as slurmd does.",
        discussion: """
            The QPU must be declared by a QPUName= line in the configuration. qpid asks qpictld \
            (ControlAddr:ControlPort) for the QPU's link, authenticates with munge (run it as root \
            or an AdminUsers account), and reconnects with backoff whenever the link drops. Each \
            job runs in the executor child process; finished results stay in DATA_DIR/spool until \
            the controller has stored them. SIGTERM or SIGINT stop it.
            """
    )

    @Option(help: "The QPU to serve (its QPUName= line).") var name: String
    @Option(
        name: .customLong("conf"), help: "Configuration file (default: $QPI_CONF, ./etc/qpi.conf, /etc/qpi/qpi.conf).")
    var configFile: String?
    @Option(help: "Executor kind; 'sim' is the native simulator (default: the QPU line's Executor=).") var executor:
        String?
    @Option(help: "Command that starts an external executor (default: the QPU line's ExecutorCommand=).")
    var executorCommand: String?
    @Option(help: "Directory for the result spool (default: var/node/NAME).") var dataDir: String?
    @Option(help: "Threads for the native simulator (0 = all cores).") var threads: Int = 0

    func run() async throws {
        let configuration: QPIConfiguration
        do {
            configuration = try ConfigurationLoader.load(
                configFile: self.configFile, environment: ProcessInfo.processInfo.environment)
        } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
        guard let declaration = configuration.qpus.first(where: { $0.name == self.name }) else {
            let known = configuration.qpus.map(\.name).joined(separator: ", ")
            printError(
                "qpid: error: \(configuration.sourcePath ?? "the configuration") declares no QPUName=\(self.name) (declared: \(known.isEmpty ? "none" : known))"
            )
            throw ExitCode.failure
        }
        let executorName = self.executor ?? declaration.executor
        let command: ExecutorCommand
        if let line = self.executorCommand ?? declaration.executorCommand {
            command = ExecutorCommand(executable: "/bin/sh", arguments: ["-c", "exec \(line)"])
        } else if executorName == "sim" {
            let ownDirectory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
                .deletingLastPathComponent()
            command = ExecutorCommand(
                executable: ownDirectory.appendingPathComponent("qsim").path,
                arguments: ["--executor", "--threads", String(self.threads)])
        } else {
            printError(
                "qpid: error: executor '\(executorName)' needs ExecutorCommand= on its QPUName line or --executor-command"
            )
            throw ExitCode.failure
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: configuration.logLevel.rawValue) ?? .info
            return handler
        }
        let logger = Logger(label: "qpid.\(self.name)")
        let settings = NodeSettings(
            qpu: self.name, executorName: executorName, qubits: declaration.qubits, executor: command,
            dataDirectory: URL(fileURLWithPath: self.dataDir ?? "var/node/\(self.name)"),
            controllerURL: "tcp://\(configuration.controlAddr):\(configuration.controlPort)",
            mungeSocket: configuration.mungeSocket, maxMessageSize: configuration.maxMessageSize,
            heartbeatSeconds: configuration.heartbeatInterval / .seconds(1))
        let daemon = try NodeDaemon(settings: settings, logger: logger)
        let stopper = Task {
            let signal = await TerminationSignal.wait()
            logger.info("received \(signal)")
            await daemon.stop()
        }
        do {
            try await daemon.run()
        } catch {
            logger.critical("qpid failed: \(error)")
            throw ExitCode.failure
        }
        stopper.cancel()
    }
}
