/// A job array as `qsub --array` asks for it, in Slurm's syntax: `0-99`, `0-99:4` (every
/// fourth), `1,5,7`, `1-3,8`, each optionally ending in `%MAX` (at most MAX tasks running
/// at once).
public struct JobArray: Sendable, Hashable, Codable {
    /// Task indices, ascending and without repeats.
    public var tasks: [Int]
    /// Most tasks of the array running at once; nil for no bound.
    public var limit: Int?

    /// Most tasks one array may have (Slurm's MaxArraySize is 1001 by default; sweeps need more).
    public static let maxTasks = 10_000
    /// Largest task index.
    public static let maxIndex = 1_000_000

    public init(tasks: [Int], limit: Int? = nil) {
        self.tasks = tasks
        self.limit = limit
    }

    /// Parses `--array`'s value; the error names the part that was wrong.
    public init(parsing text: String) throws(JobOptionError) {
        func failure(_ why: String) -> JobOptionError {
            JobOptionError(option: "array", value: text, reason: .invalidArray(why))
        }
        var body = Substring(text)
        if let percent = text.firstIndex(of: "%") {
            let limitText = text[text.index(after: percent)...]
            guard let limit = Int(limitText), limit >= 1 else {
                throw failure("'%\(limitText)' is not a number of tasks of 1 or more, as in 0-99%4")
            }
            self.limit = limit
            body = text[..<percent]
        }
        var tasks = Set<Int>()
        for part in body.split(separator: ",", omittingEmptySubsequences: false) {
            let rangeAndStep = part.split(separator: ":", omittingEmptySubsequences: false)
            guard rangeAndStep.count <= 2 else { throw failure("'\(part)' has more than one ':STEP'") }
            var step = 1
            if rangeAndStep.count == 2 {
                guard let value = Int(rangeAndStep[1]), value >= 1 else {
                    throw failure("the step in '\(part)' is not a number of 1 or more")
                }
                step = value
            }
            let bounds = rangeAndStep[0].split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count <= 2, let first = bounds.first.flatMap({ Int($0) }),
                let last = bounds.count == 2 ? Int(bounds[1]) : first
            else {
                throw failure("'\(part)' is not an index or a range such as 0-99 or 0-99:2")
            }
            guard first >= 0, last <= Self.maxIndex else {
                throw failure("task indices run from 0 to \(Self.maxIndex); '\(part)' leaves them")
            }
            guard first <= last else { throw failure("the range '\(part)' ends before it starts") }
            guard rangeAndStep.count == 1 || bounds.count == 2 else {
                throw failure("a step needs a range, as in 0-99:2, not '\(part)'")
            }
            guard (last - first) / step < Self.maxTasks else {
                throw failure("an array has at most \(Self.maxTasks) tasks")
            }
            tasks.formUnion(stride(from: first, through: last, by: step))
            guard tasks.count <= Self.maxTasks else { throw failure("an array has at most \(Self.maxTasks) tasks") }
        }
        self.tasks = tasks.sorted()
    }

    /// Task indices written back as ranges, `0-4,7,9-11`: how `qstat` folds an array's
    /// pending tasks into one line (`12_[0-4,7,9-11]`).
    public static func ranges(of indices: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        while index < indices.count {
            var end = index
            while end + 1 < indices.count, indices[end + 1] == indices[end] + 1 { end += 1 }
            parts.append(end == index ? "\(indices[index])" : "\(indices[index])-\(indices[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }
}

/// A job's place in an array: the array's id (its first task's job id, as in Slurm), the
/// task index, and the array's bound on running tasks.
public struct JobArrayTask: Sendable, Hashable, Codable {
    public var arrayJobID: JobID
    public var taskID: Int
    /// Most tasks of the array running at once (`--array=…%MAX`); nil for no bound.
    public var limit: Int?

    public init(arrayJobID: JobID, taskID: Int, limit: Int? = nil) {
        self.arrayJobID = arrayJobID
        self.taskID = taskID
        self.limit = limit
    }
}

/// A job as users name it: `12` or, for one task of an array, `12_3`.
public struct JobReference: Sendable, Hashable, Codable, CustomStringConvertible {
    public var jobID: JobID
    /// The task index within array `jobID`; nil names the job itself, or every task when
    /// `jobID` is an array.
    public var taskID: Int?

    public init(jobID: JobID, taskID: Int? = nil) {
        self.jobID = jobID
        self.taskID = taskID
    }

    /// Reads `12` or `12_3`; nil for anything else.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count <= 2, let id = JobID(parts[0]), id >= 1 else { return nil }
        if parts.count == 2 {
            guard let task = Int(parts[1]), task >= 0 else { return nil }
            self.taskID = task
        }
        self.jobID = id
    }

    public var description: String { self.taskID.map { "\(self.jobID)_\($0)" } ?? "\(self.jobID)" }

    /// How users name job `id`: `12`, or `10_2` when it is task 2 of array 10.
    public init(_ id: JobID, in array: JobArrayTask?) {
        self = array.map { JobReference(jobID: $0.arrayJobID, taskID: $0.taskID) } ?? JobReference(jobID: id)
    }
}

extension Job {
    /// Whether `reference` names this job: `12` names job 12 and every task of array 12,
    /// `12_3` only task 3 of array 12.
    public func isNamed(by reference: JobReference) -> Bool {
        guard let task = reference.taskID else {
            return self.id == reference.jobID || self.array?.arrayJobID == reference.jobID
        }
        return self.array.map { $0.arrayJobID == reference.jobID && $0.taskID == task } ?? false
    }

    /// How users name the job: `12`, or `10_2` for task 2 of array 10.
    public var reference: JobReference { JobReference(self.id, in: self.array) }
}
