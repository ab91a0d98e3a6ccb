import Foundation

/// One-time codes that carry a finished sign-in from the provider's redirect to the page
/// that asked for it. A code is good once, for ``lifetime``; the login token itself is only
/// made when the code is redeemed, so no token waits in memory or passes through a URL.
public actor LoginCodes {
    public struct SignedIn: Sendable, Hashable {
        public var user: String
        public var provider: String
    }

    public static let lifetime: TimeInterval = 60
    /// Codes that may wait at once; the oldest go first beyond this.
    static let capacity = 1_000

    private var codes: [String: (signedIn: SignedIn, expires: Date)] = [:]
    let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    public func issue(for user: String, via provider: String) -> String {
        let now = self.now()
        self.codes = self.codes.filter { $0.value.expires > now }
        if self.codes.count >= Self.capacity, let oldest = self.codes.min(by: { $0.value.expires < $1.value.expires }) {
            self.codes[oldest.key] = nil
        }
        let code = SignInSecrets.random()
        self.codes[code] = (SignedIn(user: user, provider: provider), now.addingTimeInterval(Self.lifetime))
        return code
    }

    /// Who signed in with `code`, once; nil for an unknown, used or expired code.
    public func redeem(_ code: String) -> SignedIn? {
        guard let entry = self.codes.removeValue(forKey: code), entry.expires > self.now() else { return nil }
        return entry.signedIn
    }
}
