import Dispatch
import Foundation

/// Waits for SIGTERM or SIGINT, the signals on which daemons shut down gracefully.
public enum TerminationSignal {
    /// Returns the name of the first termination signal received.
    public static func wait() async -> String {
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let (stream, continuation) = AsyncStream<String>.makeStream()
        let sources = [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")].map { number, name in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(name) }
            source.resume()
            return source
        }
        var iterator = stream.makeAsyncIterator()
        let received = await iterator.next() ?? "SIGTERM"
        for source in sources { source.cancel() }
        return received
    }
}
