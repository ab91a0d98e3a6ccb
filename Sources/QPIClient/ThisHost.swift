import QPITransport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether a host name or address is this machine: what a command asks before it sends a
/// secret over the plain-TCP command port.
public enum ThisHost {
    /// True when every address `host` resolves to is a loopback address or one of this
    /// machine's interface addresses; false when it resolves to none.
    public static func contains(_ host: String) -> Bool {
        let resolved = Self.resolve(host)
        guard !resolved.isEmpty else { return false }
        let own = Self.interfaceAddresses()
        return resolved.allSatisfy { HostAddress.isLoopback($0) || own.contains($0) }
    }

    /// Addresses as raw bytes: 4 for IPv4, 16 for IPv6.
    private static func resolve(_ host: String) -> Set<[UInt8]> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        return Self.addresses(from: list, next: \.ai_next, address: \.ai_addr)
    }

    private static func interfaceAddresses() -> Set<[UInt8]> {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return [] }
        defer { freeifaddrs(list) }
        return Self.addresses(from: list, next: \.ifa_next, address: \.ifa_addr)
    }

    /// The addresses along one of libc's linked lists (getaddrinfo's, getifaddrs's).
    private static func addresses<Node>(
        from first: UnsafeMutablePointer<Node>?, next: KeyPath<Node, UnsafeMutablePointer<Node>?>,
        address: KeyPath<Node, UnsafeMutablePointer<sockaddr>?>
    ) -> Set<[UInt8]> {
        var addresses: Set<[UInt8]> = []
        var entry = first
        while let current = entry {
            if let found = current.pointee[keyPath: address].flatMap(Self.bytes) { addresses.insert(found) }
            entry = current.pointee[keyPath: next]
        }
        return addresses
    }

    private static func bytes(_ address: UnsafeMutablePointer<sockaddr>) -> [UInt8]? {
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                withUnsafeBytes(of: $0.pointee.sin_addr) { Array($0) }
            }
        case AF_INET6:
            return HostAddress.unmapped(
                address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    withUnsafeBytes(of: $0.pointee.sin6_addr) { Array($0) }
                })
        default:
            return nil
        }
    }
}
