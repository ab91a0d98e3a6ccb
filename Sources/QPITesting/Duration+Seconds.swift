extension Duration {
    /// The duration in seconds, for printing rates in benchmarks.
    public var totalSeconds: Double {
        let (seconds, attoseconds) = self.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
