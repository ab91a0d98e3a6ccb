/// At most `width` of the background sends it guards run at once; later ones wait their
/// turn in order, each handed on directly by the one that finishes. The mailer and the
/// webhook notifier use it, so a burst of ending jobs never starts more than a few
/// processes or connections.
actor TurnLimit {
    private let width: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(width: Int) {
        self.width = width
    }

    /// Runs `body` once a turn is free.
    func run<T: Sendable>(_ body: @Sendable () async -> T) async -> T {
        if self.running >= self.width {
            await withCheckedContinuation { self.waiting.append($0) }
        } else {
            self.running += 1
        }
        defer {
            if self.waiting.isEmpty {
                self.running -= 1
            } else {
                // The turn passes straight to the next waiter, so `running` stays the same.
                self.waiting.removeFirst().resume()
            }
        }
        return await body()
    }
}
