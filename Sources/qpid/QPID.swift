import ArgumentParser
import Foundation
import Logging
import QPIAuth
import QPIConfig
import QPICore
import QPIExecutor
import QPINode
import QPIProcess
import QPISecurity

@main
struct QPID: SlurmStyleAsyncCommand {
    static let configuration = CommandConfiguration(
        commandName: "qpid",
        abstract: "The QPI node daemon: runs one QPU's jobs through its executor, as slurmd does.",
        discussion: """
            Two ways to reach the controller:

            With munge (--name QPU): the QPU is declared by a QPUName= line in the configuration. \
            qpid asks qpictld (ControlAddr:ControlPort) for the QPU's link and authenticates with \
            munge (run it as root or an AdminUsers account).

            With a token (--controller HOST:PORT --token T --ca-fingerprint F; --token-file FILE \
            keeps the token out of the process list, and so do QPID_CONTROLLER, QPID_TOKEN and \
            QPID_CA_FINGERPRINT in the environment, as etc/systemd/qpid@.service passes them), for \
            a host that shares no munge key: an admin runs `qctl qpu create NAME`, which prints the \
            token and the fingerprint. qpid \
            first asks HOST:PORT over plain TCP for the cluster's CA certificate and the QPU's link \
            port (it sends only the QPU's name), checks the CA's SHA-256 fingerprint against \
            --ca-fingerprint and stops if it differs, then dials the link over tls+tcp trusting \
            only that CA, and sends the token inside TLS. --ca-file FILE uses a CA certificate \
            copied out of band instead of the fetched one. A wrong fingerprint, a wrong or rotated \
            token, or a disabled or deleted QPU stops qpid with exit status 1 and a message saying \
            which.

            The reference driver's names work too: -a/--qpi-addr (the controller; qpid takes its \
            command listener, HOST:PORT, not the HTTP API's URL), -t/--token, -n/--name, \
            -e/--executor and -d/--data-dir, and QPI_ADDR, QPI_ACCESS_TOKEN, QPI_CA_FINGERPRINT and \
            QPI_CA_FILE in the environment; QPU_NAME, DRIVER_BACKEND and QPI_DATA_DIR as above.

            Either way qpid reconnects with backoff whenever the link drops. Each job runs in the \
            executor child process; finished results stay in DATA_DIR/spool until the controller \
            has stored them. SIGTERM or SIGINT stop it. SIGHUP re-reads DebugLevel, LogFormat and \
            LogFile from the configuration (other keys need a restart); SIGUSR2 reopens LogFile.
            """,
        version: QPIVersion.current
    )

    @Option(
        name: [.customShort("n"), .long],
        help: "The QPU to serve (its QPUName= line; default: $QPU_NAME); with --token, the token names it.")
    var name: String?
    @Option(
        name: [.customShort("a"), .long, .customLong("address"), .customLong("qpi-addr")],
        help: """
            The controller's command listener, HOST:PORT or tcp://HOST:PORT, for a QPU made by `qctl qpu create` \
            (default: $QPID_CONTROLLER, else $QPI_ADDR when a token is given).
            """)
    var controller: String?
    @Option(
        name: [.customShort("t"), .long],
        help: """
            The QPU's access token, as `qctl qpu create` or `qctl qpu rotate-token` printed it \
            (default: $QPID_TOKEN, else $QPI_ACCESS_TOKEN).
            """)
    var token: String?
    @Option(help: "A file holding the token instead (other users can read --token in the process list).")
    var tokenFile: String?
    @Option(
        help: """
            SHA-256 fingerprint of the cluster CA to pin, as `qctl qpu create` printed it \
            (default: $QPID_CA_FINGERPRINT, else $QPI_CA_FINGERPRINT).
            """)
    var caFingerprint: String?
    @Option(
        help: "The cluster CA's certificate (PEM), copied out of band, instead of fetching it (default: $QPI_CA_FILE).")
    var caFile: String?
    @Option(help: "Qubits of this QPU, with --token (default: as registered).") var qubits: Int?
    @Option(
        name: .customLong("conf"), help: "Configuration file (default: $QPI_CONF, ./etc/qpi.conf, /etc/qpi/qpi.conf).")
    var configFile: String?
    @Option(
        name: [.customShort("e"), .long],
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
    @Option(
        name: [.customShort("d"), .long],
        help: "Directory for the result spool (default: $QPI_DATA_DIR, else var/node/NAME).")
    var dataDir: String?
    @Option(help: "Threads for the native simulator (0 = all cores).") var threads: Int = 0
    @Flag(name: .shortAndLong, help: "Log one level more per use (info, then debug, then trace).")
    var verbose: Int

    mutating func validate() throws {
        self.takeUnsetOptions(from: ProcessInfo.processInfo.environment)
        guard self.token != nil || self.tokenFile != nil || self.controller != nil else { return }
        if let controller = self.controller { self.controller = try Self.commandListener(controller) }
        guard self.controller != nil, (self.token != nil) != (self.tokenFile != nil) else {
            throw ValidationError("--controller needs exactly one of --token and --token-file, and they need it")
        }
        guard self.caFingerprint != nil || self.caFile != nil else {
            throw ValidationError("--token needs --ca-fingerprint (or --ca-file): qpid trusts no unpinned CA")
        }
        guard let token = try self.presentedToken().flatMap(QPUToken.init) else {
            throw ValidationError("the token is not a QPU token (QPU.SECRET, as `qctl qpu create` prints it)")
        }
        if let fingerprint = self.caFingerprint, CertificateFingerprint(fingerprint) == nil {
            throw ValidationError("--ca-fingerprint is not a SHA-256 fingerprint (32 bytes in hex)")
        }
        if let name = self.name, token.qpu != name {
            throw ValidationError("--name \(name) differs from the QPU the token is for, \(token.qpu)")
        }
    }

    func run() async throws {
        // Spooled results and the log are qpid's alone, whatever umask started it.
        umask(0o077)
        if let controller = self.controller, let token = try self.presentedToken().flatMap(QPUToken.init) {
            try await self.runRegistered(
                RegistryLink(
                    controller: controller, token: token,
                    caFingerprint: self.caFingerprint.flatMap(CertificateFingerprint.init), caFile: self.caFile))
            return
        }
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
        let command = try self.launchCommand(
            executorName, commandLine: self.executorCommand ?? declaration.executorCommand, qpu: name,
            dataDirectory: dataDirectory, environment: environment)
        let logger = try self.startLogging(configuration, qpu: name)
        var settings = NodeSettings(
            qpu: name, executorName: executorName, qubits: declaration.qubits, executor: command,
            dataDirectory: dataDirectory,
            controllerURL: "tcp://\(configuration.controlAddr):\(configuration.controlPort)",
            mungeSocket: configuration.mungeSocket, clusterName: configuration.clusterName,
            maxMessageSize: configuration.maxMessageSize,
            heartbeatSeconds: configuration.heartbeatInterval / .seconds(1))
        let directory = UserDirectory()
        settings.trustedControllerUIDs.formUnion(configuration.adminUsers.compactMap { directory.uid(for: $0) })
        try await Self.serve(settings, logger: logger)
    }

    /// Runs the node daemon until SIGTERM or SIGINT, or until it fails.
    static func serve(_ settings: NodeSettings, logger: Logger) async throws {
        let daemon = try NodeDaemon(settings: settings, logger: logger)
        let stopper = Task {
            guard let signal = await TerminationSignal.wait() else { return }
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

    /// How to start the executor (see ``ExecutorLaunch``); a bad choice ends qpid with its reason.
    func launchCommand(
        _ executorName: String, commandLine: String?, qpu: String, dataDirectory: URL, environment: [String: String]
    ) throws -> ExecutorCommand {
        let binDirectory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        do {
            let command = try ExecutorLaunch.command(
                executor: executorName, commandLine: commandLine, qsimDirectory: binDirectory,
                threads: self.threads, environment: environment,
                childEnvironment: ExecutorLaunch.childEnvironment(
                    qpu: qpu, executor: executorName, dataDirectory: dataDirectory))
            let guardPath = binDirectory.appendingPathComponent(ExecutorLaunch.guardName).path
            guard FileManager.default.isExecutableFile(atPath: guardPath) else {
                printError(
                    "qpid: warning: \(ExecutorLaunch.guardName) is not installed next to qpid; "
                        + "an executor will outlive qpid if qpid is killed with SIGKILL")
                return command
            }
            return ExecutorLaunch.guarded(command, by: guardPath)
        } catch {
            printError("qpid: error: \(error)")
            throw ExitCode.failure
        }
    }

    /// `--token`, or the first line of `--token-file`.
    func presentedToken() throws -> String? {
        guard let path = self.tokenFile else { return self.token }
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            return text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        } catch {
            throw ValidationError("cannot read --token-file \(path): \(error.localizedDescription)")
        }
    }
}
