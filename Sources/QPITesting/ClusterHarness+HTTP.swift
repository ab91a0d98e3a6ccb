extension ClusterHarness {
    /// The HTTP API's port (`ServerPort=`), next to the command port.
    public var serverPort: Int { self.controlPort + 1 }

    /// The HTTP API's base URL, `http://127.0.0.1:PORT`.
    public var httpURL: String { "http://127.0.0.1:\(self.serverPort)" }
}
