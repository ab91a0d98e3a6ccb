import Dispatch
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Signals a daemon acts on without stopping: SIGHUP (reload) and SIGUSR2 (reopen logs).
public enum DaemonSignal {
    /// One element per delivery of `number` from now on. The signal's default action
    /// (which for both is to terminate) is disabled first, so call this at start, before
    /// an administrator can send it.
    public static func deliveries(of number: Int32) -> AsyncStream<Void> {
        signal(number, SIG_IGN)
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler { continuation.yield() }
        source.resume()
        // The source lives as long as the stream; dispatch sources are thread-safe, but the
        // protocol does not say Sendable.
        nonisolated(unsafe) let retained = source
        continuation.onTermination = { _ in retained.cancel() }
        return stream
    }
}
