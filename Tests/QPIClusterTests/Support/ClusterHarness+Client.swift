import QPIClient
import QPITesting

extension ClusterHarness {
    /// A client of this cluster's command port (or of `url`), signing as the commands sign.
    func client(url: String? = nil, timeout: Duration = .seconds(30)) throws -> ControllerClient {
        try ControllerClient(
            url: url ?? "tcp://127.0.0.1:\(self.controlPort)", mungeSocket: self.mungeSocket,
            cluster: self.clusterName, timeout: timeout)
    }
}
