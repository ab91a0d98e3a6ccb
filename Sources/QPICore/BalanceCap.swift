/// The accounting rule that keeps balances from running far below zero: a job is
/// dispatched with its time limit cut to what its user can still pay for.
///
/// A run is charged after it ends, so a balance is only safe if every run that may still
/// be charged was limited in advance: the seconds already promised to the user's running
/// jobs (their dispatched limits) come off the balance first. A run stopped at its limit
/// is charged about that limit, so a balance ends at most the rounding of one limit (under
/// a second) below zero.
public enum BalanceCap {
    /// The time limit to dispatch a job with, in whole seconds.
    ///
    /// - Parameters:
    ///   - requested: the job's own time limit, in seconds (1 or more).
    ///   - balance: the user's remaining qpu_seconds; nil is unlimited.
    ///   - committed: the dispatched time limits of the user's jobs running now, in seconds.
    /// - Returns: `requested`, or less when the balance cannot cover it; nil when nothing
    ///   is left to run on, so the job must wait (reason BalanceExhausted).
    public static func timeLimit(requested: Int, balance: Double?, committed: Int) -> Int? {
        guard let balance else { return requested }
        let remaining = balance - Double(committed)
        guard remaining > 0 else { return nil }
        guard remaining < Double(requested) else { return requested }
        // Rounded up, so a remainder of 0.3 s still runs for a second: the balance then
        // ends at most 0.7 s below zero, instead of a fraction of a second left unusable.
        return max(1, Int(remaining.rounded(.up)))
    }
}
