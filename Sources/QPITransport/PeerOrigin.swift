import CNNG

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether a request came from a process on this host or across a network, as its
/// connection tells. A server answers secrets over plain TCP only to this host, where no
/// one else sees the bytes.
public enum PeerOrigin: Sendable, Hashable {
    /// IPC, a loopback address, or a TCP connection whose two ends share one address (a
    /// process here dialling one of this host's own addresses).
    case thisHost
    /// Anything else, including a connection whose addresses NNG cannot tell.
    case network

    /// The origin of the peer at the other end of `pipe`.
    static func of(_ pipe: nng_pipe) -> PeerOrigin {
        var remote = nng_sockaddr()
        var local = nng_sockaddr()
        guard nng_pipe_get_addr(pipe, NNG_OPT_REMADDR, &remote) == 0 else { return .network }
        if UInt32(remote.s_family) == NNG_AF_IPC.rawValue { return .thisHost }
        guard nng_pipe_get_addr(pipe, NNG_OPT_LOCADDR, &local) == 0 else { return .network }
        return PeerOrigin(remote: remote, local: local)
    }

    /// The kernel's word on the uid of the process at the other end of an IPC `pipe`
    /// (SO_PEERCRED, which NNG reads when the connection is made); nil for any other pipe.
    static func ipcPeerUID(of pipe: nng_pipe) -> UInt32? {
        var remote = nng_sockaddr()
        guard nng_pipe_get_addr(pipe, NNG_OPT_REMADDR, &remote) == 0,
            UInt32(remote.s_family) == NNG_AF_IPC.rawValue
        else { return nil }
        var uid: UInt64 = 0
        guard nng_pipe_get_uint64(pipe, NNG_OPT_IPC_PEER_UID, &uid) == 0, uid <= UInt64(UInt32.max) else { return nil }
        return UInt32(uid)
    }

    /// Classifies a connection by its remote and local addresses.
    init(remote: nng_sockaddr, local: nng_sockaddr) {
        guard let remoteHost = Self.host(remote) else {
            self = .network
            return
        }
        if HostAddress.isLoopback(remoteHost) || remoteHost == Self.host(local) {
            self = .thisHost
        } else {
            self = .network
        }
    }

    /// The address's bytes (4 for IPv4, 16 for IPv6); nil for other families.
    private static func host(_ address: nng_sockaddr) -> [UInt8]? {
        switch UInt32(address.s_family) {
        case NNG_AF_INET.rawValue:
            return withUnsafeBytes(of: address.s_in.sa_addr) { Array($0) }
        case NNG_AF_INET6.rawValue:
            return HostAddress.unmapped(withUnsafeBytes(of: address.s_in6.sa_addr) { Array($0) })
        default:
            return nil
        }
    }
}
