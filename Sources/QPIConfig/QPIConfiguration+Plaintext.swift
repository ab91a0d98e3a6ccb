extension QPIConfiguration {
    /// Why `qpictld` must not start with this configuration's HTTP settings, or nil: plain
    /// HTTP on an address other hosts can reach sends passwords and API tokens in clear,
    /// so it takes `AllowPlaintextHTTP=true` by name.
    public var plaintextHTTPProblem: String? {
        guard !self.serverTLS, !self.allowPlaintextHTTP, !Self.isLoopback(self.controlAddr) else { return nil }
        return """
            ServerTLS=false with ControlAddr=\(self.controlAddr), which is not a loopback address, would send \
            passwords and API tokens across the network in clear; set ServerTLS=true, or AllowPlaintextHTTP=true \
            to accept that
            """
    }

    /// Whether `host` names this machine's loopback interface only.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.first == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
