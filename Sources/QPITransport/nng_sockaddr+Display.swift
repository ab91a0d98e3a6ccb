import CNNG

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension nng_sockaddr {
    /// `host:port` for IP addresses (IPv6 in brackets), the path for IPC; nil for other families.
    var displayString: String? {
        switch UInt32(self.s_family) {
        case NNG_AF_INET.rawValue:
            var raw = self.s_in.sa_addr
            let host = Self.presentation(family: AF_INET, address: &raw, capacity: Int(INET_ADDRSTRLEN))
            return host.map { "\($0):\(UInt16(bigEndian: self.s_in.sa_port))" }
        case NNG_AF_INET6.rawValue:
            var raw = self.s_in6.sa_addr
            let host = Self.presentation(family: AF_INET6, address: &raw, capacity: Int(INET6_ADDRSTRLEN))
            return host.map { "[\($0)]:\(UInt16(bigEndian: self.s_in6.sa_port))" }
        case NNG_AF_IPC.rawValue:
            var path = self.s_ipc.sa_path
            return withUnsafeBytes(of: &path) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
        default:
            return nil
        }
    }

    /// `inet_ntop` of an address held in network byte order.
    private static func presentation<Address>(
        family: Int32,
        address: inout Address,
        capacity: Int
    ) -> String? {
        var buffer = [CChar](repeating: 0, count: capacity)
        let converted = withUnsafePointer(to: &address) { pointer in
            inet_ntop(family, pointer, &buffer, socklen_t(capacity))
        }
        guard converted != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
