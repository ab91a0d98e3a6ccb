/// The shell lines `qctl qpu create` prints for the QPU's host: they store the node's
/// token in a root-only EnvironmentFile and start `qpid@NAME.service`
/// (etc/systemd/qpid@.service), which hands the token to qpid through its environment,
/// never on a command line.
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
}
