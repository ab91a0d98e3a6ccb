import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIWire
import Synchronization

/// Slows password guessing: after `maxFailures` failed logins for one user name within
/// `window` seconds, that name's logins are refused with 429 until the window has passed.
/// Keyed by name rather than address, so a guesser cannot dodge it by changing address;
/// the cost is that a guesser can lock a name out for one window.
public final class LoginLimiter: Sendable {
    struct Failures {
        var count: Int
        var since: Double
    }

    public let maxFailures: Int
    public let window: Double
    private let failures = Mutex<[String: Failures]>([:])

    public init(maxFailures: Int = 5, window: Double = 60) {
        self.maxFailures = maxFailures
        self.window = window
    }

    /// Throws 429 while `user` is locked out.
    func check(_ user: String, now: Double) throws {
        let retryAfter: Double? = self.failures.withLock { failures in
            guard let entry = failures[user] else { return nil }
            if now - entry.since >= self.window {
                failures[user] = nil
                return nil
            }
            return entry.count >= self.maxFailures ? self.window - (now - entry.since) : nil
        }
        if let retryAfter {
            let seconds = Int(retryAfter.rounded(.up))
            throw APIError(
                .init(.rateLimited, "too many failed logins for '\(user)'; retry in \(seconds) s", field: "username"),
                headers: [.retryAfter: "\(seconds)"])
        }
    }

    func failed(_ user: String, now: Double) {
        self.failures.withLock { failures in
            if let entry = failures[user], now - entry.since < self.window {
                failures[user]?.count = entry.count + 1
            } else {
                failures[user] = Failures(count: 1, since: now)
            }
        }
    }

    func succeeded(_ user: String) {
        self.failures.withLock { _ = $0.removeValue(forKey: user) }
    }
}
