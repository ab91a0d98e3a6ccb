import ArgumentParser
import Foundation

extension QPID {
    /// Fills the token-path options that the command line left unset from QPID_CONTROLLER,
    /// QPID_TOKEN and QPID_CA_FINGERPRINT, so a systemd unit can pass the token in an
    /// EnvironmentFile instead of on the command line, where every user could read it; else
    /// from the reference driver's QPI_ADDR, QPI_ACCESS_TOKEN, QPI_CA_FINGERPRINT and
    /// QPI_CA_FILE, which name no configuration key.
    ///
    /// QPI_ADDR counts only beside a token: the HTTP clients read it as the API's URL, and a
    /// munge-authenticated qpid started from the same shell must not take it for its controller.
    ///
    /// The token variables are then removed from the environment: executors inherit qpid's,
    /// and an executor is any command an admin configured, which has no use for the node's
    /// secret.
    mutating func takeUnsetOptions(from environment: [String: String]) {
        let environment = environment.filter { !$0.value.isEmpty }
        if self.token == nil && self.tokenFile == nil {
            self.token = environment["QPID_TOKEN"] ?? environment["QPI_ACCESS_TOKEN"]
        }
        if self.controller == nil {
            let hasToken = self.token != nil || self.tokenFile != nil
            self.controller = environment["QPID_CONTROLLER"] ?? (hasToken ? environment["QPI_ADDR"] : nil)
        }
        if self.caFingerprint == nil && self.caFile == nil {
            self.caFingerprint = environment["QPID_CA_FINGERPRINT"] ?? environment["QPI_CA_FINGERPRINT"]
            self.caFile = environment["QPI_CA_FILE"]
        }
        unsetenv("QPID_TOKEN")
        unsetenv("QPI_ACCESS_TOKEN")
    }

    /// The controller's command listener, HOST:PORT, from `--controller` as HOST:PORT or a
    /// tcp:// URL. The reference driver's address is its server's HTTP URL, which leads
    /// nowhere here: such a value is refused with what to give instead.
    static func commandListener(_ address: String) throws -> String {
        guard let separator = address.range(of: "://") else { return address }
        let scheme = address[..<separator.lowerBound].lowercased()
        var rest = String(address[separator.upperBound...])
        if rest.hasSuffix("/") { rest.removeLast() }
        switch scheme {
        case "tcp" where !rest.isEmpty && !rest.contains("/"):
            return rest
        case "http", "https":
            throw ValidationError(
                "--controller \(address) is an HTTP URL, but qpid joins through the controller's command listener: "
                    + "give HOST:PORT (ControlAddr:ControlPort, port 6817 unless configured otherwise)")
        default:
            throw ValidationError("--controller \(address): give HOST:PORT or tcp://HOST:PORT")
        }
    }
}
