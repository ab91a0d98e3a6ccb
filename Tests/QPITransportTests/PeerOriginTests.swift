import CNNG
import QPITesting
import Synchronization
import Testing

@testable import QPITransport

#if canImport(Glibc)
    import Glibc
#endif

struct PeerOriginTests {
    /// Where each request a server answered came from.
    private final class OriginLog: Sendable {
        let origins = Mutex<[PeerOrigin]>([])
    }

    @Test(arguments: ["tcp", "ipc"])
    func aClientOnThisHostIsFromThisHost(scheme: String) async throws {
        let directory = try TemporaryDirectory()
        let log = OriginLog()
        let server = try ReplyServer(maxDetached: 0) { request, lease in
            log.origins.withLock { $0.append(lease.origin) }
            return request
        }
        let url = scheme == "tcp" ? loopback() : "ipc://\(directory.path(of: "origin.sock"))"
        let listener = try server.listen(url: url)
        let client = try RequestClient()
        try client.dial(url: listener.url)
        _ = try await client.request([1], timeout: .seconds(10))
        #expect(log.origins.withLock { $0 } == [.thisHost])
        await server.close()
    }

    @Test func addressesDecideTheOrigin() {
        #expect(PeerOrigin(remote: Self.ipv4(10, 0, 0, 2), local: Self.ipv4(10, 0, 0, 1)) == .network)
        #expect(PeerOrigin(remote: Self.ipv4(10, 0, 0, 1), local: Self.ipv4(10, 0, 0, 1)) == .thisHost)
        #expect(PeerOrigin(remote: Self.ipv4(127, 0, 0, 9), local: Self.ipv4(127, 0, 0, 1)) == .thisHost)
        let loopback6 = Self.ipv6(Array(repeating: 0, count: 15) + [1])
        #expect(PeerOrigin(remote: loopback6, local: loopback6) == .thisHost)
        let mapped = Self.ipv6(Array(repeating: 0, count: 10) + [0xff, 0xff, 127, 0, 0, 1])
        #expect(PeerOrigin(remote: mapped, local: Self.ipv4(10, 0, 0, 1)) == .thisHost)
        let mappedStranger = Self.ipv6(Array(repeating: 0, count: 10) + [0xff, 0xff, 192, 0, 2, 7])
        #expect(PeerOrigin(remote: mappedStranger, local: Self.ipv4(192, 0, 2, 1)) == .network)
        #expect(PeerOrigin(remote: nng_sockaddr(), local: nng_sockaddr()) == .network)
    }

    private static func ipv4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> nng_sockaddr {
        var address = nng_sockaddr()
        address.s_in.sa_family = UInt16(NNG_AF_INET.rawValue)
        withUnsafeMutableBytes(of: &address.s_in.sa_addr) { $0.copyBytes(from: [a, b, c, d]) }
        return address
    }

    private static func ipv6(_ bytes: [UInt8]) -> nng_sockaddr {
        var address = nng_sockaddr()
        address.s_in6.sa_family = UInt16(NNG_AF_INET6.rawValue)
        withUnsafeMutableBytes(of: &address.s_in6.sa_addr) { $0.copyBytes(from: bytes) }
        return address
    }
}
