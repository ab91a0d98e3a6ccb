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

    @Option(help: "The QPU to serve (its QPUName= line; default: $QPU_NAME).") var name: String?
    @Option(
        name: .customLong("conf"), help: "Configuration file (default: $QPI_CONF, ./etc/qpi.conf, /etc/qpi/qpi.conf).")
    var configFile: String?
    @Option(
        help: """
            Executor kind: 'sim' is the native simulator; mock, qiskit_aer, quantify, qblox and presto \
            run python3 -m qpi_executors ($QPI_PYTHON names another interpreter) (default: $DRIVER_BACKEND, \
            else the QPU line's Executor=).
            """)
    var executor: String?
    @Option(
        help: """
            Command that starts an external executor, run by /bin/sh (default: the QPU line's \
            ExecutorCommand=). It gets QPU_NAME, DRIVER_BACKEND and QPI_DATA_DIR (DATA_DIR/executor) \
            in its environment.
            """)
    var executorCommand: String?
    @Option(help: "Directory for the result spool (default: $QPI_DATA_DIR, else var/node/NAME).") var dataDir: String?
    @Option(help: "Threads for the native simulator (0 = all cores).") var threads: Int = 0

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.value.isEmpty }
        guard let name = self.name ?? environment["QPU_NAME"] else {
            printError("qpid: error: name the QPU to serve with --name NAME (or QPU_NAME=NAME)")
            throw ExitCode.failure
        }
        let configuration: QPIConfiguration
        do {
            configuration = try ConfigurationLoader.load(
                configFile: self.configFile, environment: ProcessInfo.processInfo.environment)
        } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
        guard let declaration = configuration.qpus.first(where: { $0.name == name }) else {
            let known = configuration.qpus.map(\.name).joined(separator: ", ")
            printError(
                "qpid: error: \(configuration.sourcePath ?? "the configuration") declares no QPUName=\(name) (declared: \(known.isEmpty ? "none" : known))"
            )
            throw ExitCode.failure
        }
        let executorName = self.executor ?? environment["DRIVER_BACKEND"] ?? declaration.executor
        let dataDirectory = URL(fileURLWithPath: self.dataDir ?? environment["QPI_DATA_DIR"] ?? "var/node/\(name)")
        let command: ExecutorCommand
        do {
            command = try ExecutorLaunch.command(
                executor: executorName, commandLine: self.executorCommand ?? declaration.executorCommand,
                qsimDirectory: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
                    .deletingLastPathComponent(),
                threads: self.threads, environment: environment,
                childEnvironment: ExecutorLaunch.childEnvironment(
                    qpu: name, executor: executorName, dataDirectory: dataDirectory))
        } catch {
            printError("qpid: error: \(error)")
            throw ExitCode.failure
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: configuration.logLevel.rawValue) ?? .info
            return handler
        }
        let logger = Logger(label: "qpid.\(name)")
        let settings = NodeSettings(
            qpu: name, executorName: executorName, qubits: declaration.qubits, executor: command,
            dataDirectory: dataDirectory,
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
