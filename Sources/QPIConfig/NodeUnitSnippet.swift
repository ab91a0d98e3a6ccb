/// What `qctl qpu create` and the dashboard's registry page (through
/// `POST /api/op/qpus/create`) print for the QPU's host: shell lines that store the node's
/// token in a root-only EnvironmentFile and start `qpid@NAME.service`
/// (etc/systemd/qpid@.service), and one line that starts qpid by hand. Either way the token
/// reaches qpid through its environment, never its command line.
public struct NodeUnitSnippet: Sendable, Hashable {
    public var qpu: String
    public var executor: String
    /// HOST:PORT of the controller's command listener, as the QPU's host reaches it.
    public var controller: String
    public var token: String
    public var caFingerprint: String

    public init(qpu: String, executor: String, controller: String, token: String, caFingerprint: String) {
        self.qpu = qpu
        self.executor = executor
        self.controller = controller
        self.token = token
        self.caFingerprint = caFingerprint
    }

    /// The controller's place when nobody knows its address: the reader fills it in.
    public static let unknownController = "CONTROLLER:PORT"

    /// Where the unit reads the instance's environment (`EnvironmentFile=` in qpid@.service).
    public var environmentFile: String { "/etc/qpi/qpid/\(self.qpu).env" }

    /// The EnvironmentFile's lines.
    public var environment: [String] {
        [
            "QPID_CONTROLLER=\(self.controller)",
            "QPID_TOKEN=\(self.token)",
            "QPID_CA_FINGERPRINT=\(self.caFingerprint)",
            "DRIVER_BACKEND=\(self.executor)",
        ]
    }

    /// Lines to paste into a root shell, unindented so the here-document ends where it should.
    /// QPU names hold only letters, digits, '-', '_' and '.', and tokens and fingerprints no
    /// shell metacharacters; the quoted delimiter keeps the shell from expanding anything.
    public var shellLines: [String] {
        [
            "systemd-sysusers",
            "install -d -m 0700 /etc/qpi/qpid",
            "(umask 077 && cat > \(self.environmentFile)) <<'QPI_ENV'",
        ] + self.environment + [
            "QPI_ENV",
            "systemctl daemon-reload",
            "systemctl enable --now qpid@\(self.qpu).service",
        ]
    }

    /// A shell line that starts qpid in the foreground with the same settings. The token is
    /// an environment assignment, as `--token` would show it to every user of the host in
    /// the process list.
    public var commandLine: String {
        [
            "QPID_TOKEN=\(Self.shellWord(self.token))", "qpid", "--controller", Self.shellWord(self.controller),
            "--ca-fingerprint", Self.shellWord(self.caFingerprint), "--executor", Self.shellWord(self.executor),
        ].joined(separator: " ")
    }

    /// True if `address` can be a controller's HOST:PORT, a host name or an IP address
    /// (IPv6 in brackets) and a port: nothing that would end a line of the EnvironmentFile
    /// or mean something to the shell or to systemd there.
    public static func isControllerAddress(_ address: String) -> Bool {
        address.contains(":")
            && address.unicodeScalars.allSatisfy { Self.isPlain($0) || "[]".unicodeScalars.contains($0) }
    }

    /// `word` as the shell reads it back unchanged: quoted unless every character is plain.
    /// Executor names are free text.
    static func shellWord(_ word: String) -> String {
        if !word.isEmpty && word.unicodeScalars.allSatisfy(Self.isPlain) { return word }
        return "'" + word.map { $0 == "'" ? "'\\''" : String($0) }.joined() + "'"
    }

    /// A character the shell gives no meaning to.
    static func isPlain(_ character: Unicode.Scalar) -> Bool {
        (character.isASCII && (character.properties.isAlphabetic || ("0"..."9").contains(character)))
            || "-_.,/:=@+".unicodeScalars.contains(character)
    }
}
