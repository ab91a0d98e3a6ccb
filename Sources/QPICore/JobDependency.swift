/// A job's dependency on other jobs, in Slurm's `--dependency` syntax:
/// `afterok:12:13`, `afterany:12`, `afternotok:12`, and comma-separated lists of these,
/// all of which must be met (`afterok:12,afterany:14`).
public struct JobDependency: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Each job ended COMPLETED.
        case afterOK = "afterok"
        /// Each job ended, in any state.
        case afterAny = "afterany"
        /// Each job ended in a state other than COMPLETED.
        case afterNotOK = "afternotok"
    }

    public struct Term: Sendable, Hashable, Codable {
        public var kind: Kind
        public var jobIDs: [JobID]
        public init(kind: Kind, jobIDs: [JobID]) {
            self.kind = kind
            self.jobIDs = jobIDs
        }
    }

    /// Whether a dependency lets its job run.
    public enum Status: Sendable, Hashable {
        case satisfied
        /// Some job it names has not ended yet.
        case waiting
        /// Some job it names ended in a way that can never satisfy it.
        case neverSatisfied
    }

    public var terms: [Term]

    public init(terms: [Term]) {
        self.terms = terms
    }

    /// Every job id named, in order of appearance.
    public var jobIDs: [JobID] { self.terms.flatMap(\.jobIDs) }

    /// Parses Slurm's syntax; the error says which part was wrong.
    public init(parsing text: String) throws(JobOptionError) {
        func failure(_ why: String) -> JobOptionError {
            JobOptionError(option: "dependency", value: text, reason: .invalidDependency(why))
        }
        var terms: [Term] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            guard let first = fields.first, !first.isEmpty else { throw failure("empty dependency in the list") }
            guard let kind = Kind(rawValue: first.lowercased()) else {
                throw failure(
                    "unknown type '\(first)' (known: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let ids = fields.dropFirst()
            guard !ids.isEmpty else { throw failure("'\(first)' needs job ids, as in \(first):12:13") }
            var jobIDs: [JobID] = []
            for id in ids {
                guard let value = JobID(id), value >= 1 else { throw failure("'\(id)' is not a job id") }
                jobIDs.append(value)
            }
            terms.append(Term(kind: kind, jobIDs: jobIDs))
        }
        self.init(terms: terms)
    }

    /// Slurm's text form, as `qstat -j` shows it.
    public var text: String {
        self.terms.map { ([$0.kind.rawValue] + $0.jobIDs.map(String.init)).joined(separator: ":") }
            .joined(separator: ",")
    }

    /// The status given the states of the jobs named; a job missing from `states` has
    /// ended and been forgotten, so only `afterany` can still count it as met.
    public func status(_ states: [JobID: JobState]) -> Status {
        var waiting = false
        for term in self.terms {
            for id in term.jobIDs {
                guard let state = states[id] else {
                    if term.kind != .afterAny { return .neverSatisfied }
                    continue
                }
                guard state.isFinished else {
                    waiting = true
                    continue
                }
                switch term.kind {
                case .afterOK where state != .completed: return .neverSatisfied
                case .afterNotOK where state == .completed: return .neverSatisfied
                default: break
                }
            }
        }
        return waiting ? .waiting : .satisfied
    }
}
