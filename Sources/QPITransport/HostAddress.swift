/// IP addresses as raw bytes (4 for IPv4, 16 for IPv6), the form both the command port's
/// peer check and a command's "is the controller here?" check compare.
public enum HostAddress {
    private static let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xff, 0xff]
    private static let ipv6Loopback: [UInt8] = Array(repeating: 0, count: 15) + [1]

    /// `bytes`, with an IPv4 address mapped into IPv6 (::ffff:a.b.c.d) given back as IPv4,
    /// as a dual-stack socket reports IPv4 peers.
    public static func unmapped(_ bytes: [UInt8]) -> [UInt8] {
        bytes.count == 16 && bytes.starts(with: Self.mappedPrefix) ? Array(bytes.suffix(4)) : bytes
    }

    /// 127.0.0.0/8 and ::1.
    public static func isLoopback(_ bytes: [UInt8]) -> Bool {
        bytes.count == 4 ? bytes[0] == 127 : bytes == Self.ipv6Loopback
    }
}
