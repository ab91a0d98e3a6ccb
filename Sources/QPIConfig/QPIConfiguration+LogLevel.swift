extension QPIConfiguration {
    /// Least severe level a daemon logs, named like swift-log's `Logger.Level`.
    public enum LogLevel: String, Sendable, Hashable, CaseIterable {
        case trace, debug, info, notice, warning, error, critical
    }
}
