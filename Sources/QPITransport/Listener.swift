/// Where a socket listens, once it does.
public struct Listener: Sendable, Hashable {
    /// A URL peers can dial: the listen URL with a requested port 0 replaced by the bound port.
    public let url: String
    /// The bound TCP port for `tcp://` and `tls+tcp://`; nil for other transports.
    public let port: Int?

    init(requestedURL: String, port: Int?) {
        if let port, requestedURL.hasSuffix(":0") {
            self.url = "\(requestedURL.dropLast())\(port)"
        } else {
            self.url = requestedURL
        }
        self.port = port
    }
}
