import CNNG

/// Tuning for a socket; nil keeps NNG's default.
///
/// Each socket kind documents which options it honours; others are accepted and have no
/// effect. A value out of NNG's range makes the socket's initializer throw
/// ``NNGError/Code/invalidArgument``.
public struct SocketOptions: Sendable, Hashable {
    /// Largest message accepted from a peer, in bytes (NNG's default: 1 MiB; 0: no limit).
    /// NNG drops a larger message and the connection that carried it; the socket keeps serving.
    public var maxReceiveSize: Int?
    /// Messages queued for sending before a send waits (message sockets; 0–8192).
    public var sendBufferDepth: Int?
    /// Messages queued on receipt before the peer is held back (message sockets; 0–8192).
    public var receiveBufferDepth: Int?
    /// First wait before a dialer reconnects (NNG's default: 100 ms).
    public var reconnectMinimum: Duration?
    /// Longest wait between reconnects as the wait doubles; zero keeps it at the minimum.
    public var reconnectMaximum: Duration?

    /// Options; leave any nil to keep NNG's default.
    public init(
        maxReceiveSize: Int? = nil,
        sendBufferDepth: Int? = nil,
        receiveBufferDepth: Int? = nil,
        reconnectMinimum: Duration? = nil,
        reconnectMaximum: Duration? = nil
    ) {
        self.maxReceiveSize = maxReceiveSize
        self.sendBufferDepth = sendBufferDepth
        self.receiveBufferDepth = receiveBufferDepth
        self.reconnectMinimum = reconnectMinimum
        self.reconnectMaximum = reconnectMaximum
    }

    /// Sets the options that are not nil on `socket`.
    func apply(to socket: nng_socket) throws(NNGError) {
        if let maxReceiveSize = self.maxReceiveSize {
            try check(nng_socket_set_size(socket, NNG_OPT_RECVMAXSZ, maxReceiveSize)) {
                .socketSet($0, option: NNG_OPT_RECVMAXSZ)
            }
        }
        if let sendBufferDepth = self.sendBufferDepth {
            try check(nng_socket_set_int(socket, NNG_OPT_SENDBUF, Int32(clamping: sendBufferDepth))) {
                .socketSet($0, option: NNG_OPT_SENDBUF)
            }
        }
        if let receiveBufferDepth = self.receiveBufferDepth {
            try check(nng_socket_set_int(socket, NNG_OPT_RECVBUF, Int32(clamping: receiveBufferDepth))) {
                .socketSet($0, option: NNG_OPT_RECVBUF)
            }
        }
        if let reconnectMinimum = self.reconnectMinimum {
            try check(nng_socket_set_ms(socket, NNG_OPT_RECONNMINT, reconnectMinimum.nngMilliseconds)) {
                .socketSet($0, option: NNG_OPT_RECONNMINT)
            }
        }
        if let reconnectMaximum = self.reconnectMaximum {
            try check(nng_socket_set_ms(socket, NNG_OPT_RECONNMAXT, reconnectMaximum.nngMilliseconds)) {
                .socketSet($0, option: NNG_OPT_RECONNMAXT)
            }
        }
    }
}
