extension Duration {
    /// The duration in seconds, for settings kept as plain numbers and for rates.
    public var totalSeconds: Double {
        let (seconds, attoseconds) = self.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
