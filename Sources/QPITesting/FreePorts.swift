import Foundation

/// Finds runs of loopback TCP ports that nothing listens on, for daemons that must be told
/// their ports in a configuration file before they start.
public enum FreePorts {
    /// `count` consecutive ports that can all be bound on 127.0.0.1 right now.
    ///
    /// Candidates come from 20000–32767, below Linux's ephemeral range (32768–60999), so
    /// the outgoing connections of running tests cannot take a port between this probe
    /// and the daemon's listen. The start is random, so harnesses in parallel processes
    /// rarely probe the same run; a port that is taken makes the probe move on.
    public static func consecutive(_ count: Int) throws -> ClosedRange<Int> {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let first = Int.random(in: 20_000...(32_767 - count), using: &generator)
            let run = first...(first + count - 1)
            if run.allSatisfy(Self.isFree) { return run }
        }
        throw HarnessError("no \(count) consecutive free loopback ports found in 20000-32767")
    }

    /// Whether a listening socket could bind 127.0.0.1:`port`.
    static func isFree(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return bound == 0
    }
}
