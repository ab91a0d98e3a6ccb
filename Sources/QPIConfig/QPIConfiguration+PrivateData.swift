import QPICore

extension QPIConfiguration {
    /// What ordinary users may not see of each other, as Slurm's `PrivateData`.
    public enum PrivateData: String, Sendable, Hashable, CaseIterable {
        /// Other users' jobs: listings, `qstat -j`, waits and the event stream show a user
        /// only their own.
        case jobs
        /// Other users' balances and usage (`qacct --all`, `-u OTHER`).
        case usage
    }
}

extension ValueText {
    /// A comma-separated list of ``QPIConfiguration/PrivateData`` names; empty for none.
    static func privateData(_ text: String) throws(InvalidValue) -> Set<QPIConfiguration.PrivateData> {
        var kinds: Set<QPIConfiguration.PrivateData> = []
        for name in text.split(separator: ",").map({ $0.trimmingWhitespace() }) where !name.isEmpty {
            kinds.insert(try Self.choice(name))
        }
        return kinds
    }
}
