import Foundation

extension QPID {
    /// Fills the token-path options that the command line left unset from QPID_CONTROLLER,
    /// QPID_TOKEN and QPID_CA_FINGERPRINT, so a systemd unit can pass the token in an
    /// EnvironmentFile instead of on the command line, where every user could read it.
    /// Not QPI_*: those names override configuration keys.
    ///
    /// QPID_TOKEN is then removed from the environment: executors inherit qpid's, and an
    /// executor is any command an admin configured, which has no use for the node's secret.
    mutating func takeUnsetOptions(from environment: [String: String]) {
        let environment = environment.filter { !$0.value.isEmpty }
        if self.controller == nil { self.controller = environment["QPID_CONTROLLER"] }
        if self.token == nil && self.tokenFile == nil { self.token = environment["QPID_TOKEN"] }
        if self.caFingerprint == nil && self.caFile == nil { self.caFingerprint = environment["QPID_CA_FINGERPRINT"] }
        unsetenv("QPID_TOKEN")
    }
}
