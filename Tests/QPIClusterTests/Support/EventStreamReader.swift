import Foundation
import QPITesting

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a streaming HTTP response (Server-Sent Events) over a plain socket for a while,
/// since URLSession on Linux only hands over finished bodies.
enum EventStreamReader {
    /// Sends `GET path` and returns the status and everything received until `until`
    /// matches the text so far or `duration` passes; then closes the connection.
    /// `connected` is called once the server's `: connected` comment has arrived, when the
    /// stream sends every change that follows.
    ///
    /// The socket is read on a thread of its own: blocking one of the cooperative pool's
    /// threads (two on these machines) could stall the test's other tasks.
    static func read(
        port: Int, path: String, token: String?, for duration: Duration,
        connected: @escaping @Sendable () -> Void = {},
        until done: @escaping @Sendable (String) -> Bool = { _ in false }
    ) async throws -> (status: Int, text: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    with: Result {
                        try Self.readBlocking(
                            port: port, path: path, token: token, for: duration, connected: connected, until: done)
                    })
            }
        }
    }

    private static func readBlocking(
        port: Int, path: String, token: String?, for duration: Duration,
        connected: () -> Void, until done: (String) -> Bool
    ) throws -> (status: Int, text: String) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let dialled = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard dialled == 0 else { throw HarnessError("connect to port \(port): \(errno)") }
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
        if let token { request += "Authorization: Bearer \(token)\r\n" }
        request += "\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }

        var received = Data()
        let deadline = ContinuousClock.now + duration
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var announced = false
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
            let text = String(decoding: received, as: UTF8.self)
            if !announced, text.contains(": connected\n") {
                announced = true
                connected()
            }
            if done(text) { break }
        }
        let text = String(decoding: received, as: UTF8.self)
        let statusLine = text.split(separator: "\r\n", maxSplits: 1).first ?? ""
        let status = statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return (status, text)
    }
}
