import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIWire
import Synchronization

/// Slows password guessing: after `maxFailures` failed logins for one user name, or
/// `maxFailuresPerAddress` from one client address, within `window` seconds, further
/// logins for that name or from that address are refused with 429 until the window has
/// passed.
///
/// An attempt is counted as failed when it is reserved, before the password is hashed, and
/// refunded only when it succeeds or never reached the check. So guesses sent in parallel
/// cannot all pass the check while the first ones are still hashing.
///
/// Both tables hold at most `maxTracked` keys: a full table first forgets the keys whose
/// window has passed, then the one whose window ends soonest. Every name a guesser invents
/// costs that guesser one attempt of their address's allowance, so flooding the table with
/// names is slow.
public final class LoginLimiter: Sendable {
    struct Failures {
        var count: Int
        var since: Double
    }

    struct Tables {
        var users: [String: Failures] = [:]
        var addresses: [String: Failures] = [:]
    }

    /// One reserved login attempt, to settle with ``succeeded(_:)`` or ``release(_:)``.
    struct Attempt {
        var user: String
        var address: String?
        var since: Double
    }

    public let maxFailures: Int
    public let maxFailuresPerAddress: Int
    public let window: Double
    /// Most names, and separately addresses, remembered at once.
    public let maxTracked: Int
    private let tables = Mutex(Tables())

    public init(maxFailures: Int = 5, maxFailuresPerAddress: Int = 30, window: Double = 60, maxTracked: Int = 10_000) {
        self.maxFailures = maxFailures
        self.maxFailuresPerAddress = maxFailuresPerAddress
        self.window = window
        self.maxTracked = max(1, maxTracked)
    }

    /// Names and addresses currently remembered.
    var trackedCount: (users: Int, addresses: Int) {
        self.tables.withLock { ($0.users.count, $0.addresses.count) }
    }

    /// Counts one attempt for `user` from `address` as failed until it is settled; throws
    /// 429 (with `Retry-After`) instead when either is locked out.
    func reserve(_ user: String, address: String?, now: Double) throws -> Attempt {
        let refusal: (seconds: Double, byAddress: Bool)? = self.tables.withLock { tables in
            if let wait = self.lockout(tables.users[user], limit: self.maxFailures, now: now) {
                return (wait, false)
            }
            if let address,
                let wait = self.lockout(tables.addresses[address], limit: self.maxFailuresPerAddress, now: now)
            {
                return (wait, true)
            }
            self.count(user, in: &tables.users, now: now)
            if let address { self.count(address, in: &tables.addresses, now: now) }
            return nil
        }
        if let refusal {
            let seconds = max(1, Int(refusal.seconds.rounded(.up)))
            let message =
                refusal.byAddress
                ? "too many failed logins from your address; retry in \(seconds) s"
                : "too many failed logins for '\(user)'; retry in \(seconds) s"
            throw APIError(
                .init(.rateLimited, message, field: refusal.byAddress ? nil : "username"),
                headers: [.retryAfter: "\(seconds)"])
        }
        return Attempt(user: user, address: address, since: now)
    }

    /// The attempt succeeded: the name's failures are forgotten and the address is refunded.
    func succeeded(_ attempt: Attempt) {
        self.tables.withLock { tables in
            tables.users[attempt.user] = nil
            self.refund(attempt.address, in: &tables.addresses, since: attempt.since)
        }
    }

    /// The attempt never reached the password check (the server was busy or failed): it counts for neither.
    func release(_ attempt: Attempt) {
        self.tables.withLock { tables in
            self.refund(attempt.user, in: &tables.users, since: attempt.since)
            self.refund(attempt.address, in: &tables.addresses, since: attempt.since)
        }
    }

    /// Seconds until `entry` stops refusing, or nil when it allows another attempt.
    private func lockout(_ entry: Failures?, limit: Int, now: Double) -> Double? {
        guard let entry, now - entry.since < self.window, entry.count >= limit else { return nil }
        return self.window - (now - entry.since)
    }

    private func count(_ key: String, in table: inout [String: Failures], now: Double) {
        if let entry = table[key], now - entry.since < self.window {
            table[key]?.count = entry.count + 1
            return
        }
        if table[key] == nil, table.count >= self.maxTracked {
            table = table.filter { now - $0.value.since < self.window }
            if table.count >= self.maxTracked, let oldest = table.min(by: { $0.value.since < $1.value.since }) {
                table[oldest.key] = nil
            }
        }
        table[key] = Failures(count: 1, since: now)
    }

    /// Takes back one counted attempt, unless its window has already been replaced.
    private func refund(_ key: String?, in table: inout [String: Failures], since: Double) {
        guard let key, let entry = table[key], entry.since <= since else { return }
        if entry.count <= 1 {
            table[key] = nil
        } else {
            table[key]?.count = entry.count - 1
        }
    }
}
