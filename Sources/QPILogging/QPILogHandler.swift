import Logging

/// The swift-log handler of `qpictld` and `qpid`: every logger writes through the one
/// process-wide ``LogSink``, whose threshold changes live; `logLevel` set on a logger
/// only raises that logger's own floor.
public struct QPILogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let sink: LogSink
    private var floor: Logger.Level?

    public init(label: String, sink: LogSink) {
        self.label = label
        self.sink = sink
    }

    /// The sink's threshold, so a reconfigure changes what every existing logger emits.
    public var logLevel: Logger.Level {
        get { max(self.sink.threshold.level, self.floor ?? .trace) }
        set { self.floor = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = self.metadata
        if let provided = self.metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        if let error = event.error { merged["error"] = "\(error)" }
        self.sink.emit(level: event.level, label: self.label, message: event.message.description, metadata: merged)
    }
}

extension LogSink {
    /// Makes every `Logger` of the process write through this sink. Call once, at start.
    public func bootstrap() {
        LoggingSystem.bootstrap { label in QPILogHandler(label: label, sink: self) }
    }
}
