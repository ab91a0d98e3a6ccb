import ArgumentParser
import QPIClient
import QPIConfig
import QPICore
import QPIDocuments
import QPIWire

/// `qctl qpu …`: the QPU registry (admins only).
struct QPUCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qpu",
        abstract: "Register, change and delete QPUs (admins only).",
        discussion: """
            A QPU made by `qpu create` is served by a qpid on any host, which needs no munge key: \
            it connects with `qpid --controller HOST:PORT --token TOKEN --ca-fingerprint FP`, using \
            the token and fingerprint `create` prints. `create` also prints shell lines that store \
            them in /etc/qpi/qpid/NAME.env (mode 0600) and start qpid@NAME.service. The token is \
            shown once; the controller keeps only its hash. `create` and `rotate-token` run on the \
            controller's host only, as the command port is plain TCP.
            """,
        subcommands: [Create.self, Enable.self, Disable.self, Drain.self, Resume.self, Delete.self, RotateToken.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a QPU: allocate its link ports, print its access token and the CA fingerprint.")

        @Argument(help: "The QPU's name: letters, digits, '-', '_' or '.'.") var name: String
        @Option(help: "Executor kind; 'sim' is the native simulator.") var executor = "sim"
        @Option(help: "Number of qubits (at most MaxQubits).") var qubits = 24
        @Option(
            help: """
                The controller's HOST:PORT as the QPU's host reaches it, for the printed unit setup \
                (default: ControlAddr:ControlPort of the configuration).
                """)
        var controller: String?
        @Flag(help: "Print JSON, the document the HTTP API serves (openapi.json).") var json = false
        @OptionGroup var cluster: ClusterOptions

        func validate() throws {
            if let controller = self.controller, !NodeUnitSnippet.isControllerAddress(controller) {
                throw ValidationError("--controller '\(controller)' is not HOST:PORT (host name or address, and port)")
            }
        }

        func run() async throws {
            let client = try self.cluster.connect()
            let created = try await client.callOrExit(
                QPUCreateRequest(name: self.name, executor: self.executor, qubits: self.qubits),
                command: "qctl qpu create")
            let snippet = NodeUnitSnippet(
                qpu: created.qpu.name, executor: created.qpu.executor,
                controller: self.controller ?? self.cluster.controllerAddress() ?? NodeUnitSnippet.unknownController,
                token: created.token, caFingerprint: created.caFingerprint)
            if self.json {
                try printDocument(
                    CreatedQPUJSON(created, nodeCommand: snippet.commandLine, nodeSetup: snippet.shellLines))
                return
            }
            print("QPU \(created.qpu.name) created: executor \(created.qpu.executor), \(created.qpu.qubits) qubits")
            print("Link ports: \(created.dispatchPort) (TLS link), \(created.resultPort)")
            print("Token (shown only now): \(created.token)")
            print("CA fingerprint (SHA-256): \(created.caFingerprint)")
            print("")
            print("On the QPU's host, with QPI installed (README: Install), paste as root:")
            print("")
            print(snippet.shellLines.joined(separator: "\n"))
            print("")
            print("Or start it by hand:")
            print("")
            print(snippet.commandLine)
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a disabled QPU's node in and take jobs again.")
        @OptionGroup var change: StateChange
        func run() async throws { try await self.change.apply(.enable) }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop a QPU: no jobs, and its registered node is refused until enabled.")
        @OptionGroup var change: StateChange
        func run() async throws { try await self.change.apply(.disable) }
    }

    struct Drain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take no new jobs on a QPU; the running one finishes. qinfo shows the reason.")
        @OptionGroup var change: StateChange
        func run() async throws { try await self.change.apply(.drain) }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a drained QPU take jobs again.")
        @OptionGroup var change: StateChange
        func run() async throws { try await self.change.apply(.resume) }
    }

    struct StateChange: ParsableArguments {
        @Argument(help: "The QPU.") var name: String
        @Option(help: "Why, shown by qinfo (disable and drain).") var reason: String?
        @OptionGroup var cluster: ClusterOptions

        func apply(_ action: QPUStateRequest.Action) async throws {
            let client = try self.cluster.connect()
            let changed = try await client.callOrExit(
                QPUStateRequest(name: self.name, action: action, reason: self.reason),
                command: "qctl qpu \(action.rawValue)")
            let reason = changed.qpu.reason.map { " (\($0))" } ?? ""
            print("QPU \(changed.qpu.name) is \(changed.qpu.state.rawValue)\(reason)")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a registered QPU, freeing its ports; its node is refused from then on.")
        @Argument(help: "The QPU.") var name: String
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let client = try self.cluster.connect()
            let deleted = try await client.callOrExit(QPUDeleteRequest(name: self.name), command: "qctl qpu delete")
            print("QPU \(deleted.name) deleted")
        }
    }

    struct RotateToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-token",
            abstract: "Give a registered QPU a new token; the old one stops working at once.")
        @Argument(help: "The QPU.") var name: String
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let client = try self.cluster.connect()
            let rotated = try await client.callOrExit(
                QPURotateTokenRequest(name: self.name), command: "qctl qpu rotate-token")
            if self.json {
                try printDocument(RotatedTokenJSON(rotated))
                return
            }
            print("New token for QPU \(rotated.name) (shown only now): \(rotated.token)")
            print("CA fingerprint (SHA-256): \(rotated.caFingerprint)")
        }
    }
}
