extension NNGError {
    /// What an async operation throws: `CancellationError` when NNG cancelled the operation
    /// because its task was cancelled, as Swift callers expect; this error otherwise.
    var reportedToTask: any Error {
        self.code == .canceled && Task.isCancelled ? CancellationError() : self
    }
}
