/// Why the recovery sweep takes a RUNNING job back from its node, if it does: the rule
/// applied every RecoveryInterval, as a pure function of times.
///
/// - A node silent past NodeTimeout has lost its jobs: they are requeued, and past
///   MaxRequeue they end NODE_FAIL.
/// - A job RUNNING longer than its time limit plus JobTimeout, with no result, is
///   requeued too, and past MaxRequeue ends TIMEOUT. qpid stops a job at its limit and
///   reports TIMEOUT itself; JobTimeout is how long the controller waits for that report.
///   (The reference, whose jobs have no limits, requeues after JobTimeout alone; every QPI
///   job has a limit, DefaultTime when it asked for none.)
public enum LostRun: Sendable, Hashable {
    case nodeSilent(qpu: String, silentSeconds: Double, nodeTimeout: Double)
    case overran(qpu: String, runningSeconds: Double, timeLimitSeconds: Int, jobTimeout: Double)

    /// The verdict on one RUNNING job at `now`; nil while it is fine. Times in seconds
    /// since the Unix epoch.
    ///
    /// - Parameters:
    ///   - startTime: when the job was dispatched; nil skips the time-limit rule.
    ///   - nodeLastSeen: the last message from the job's node.
    public static func check(
        qpu: String,
        startTime: Double?,
        timeLimitSeconds: Int,
        nodeLastSeen: Double,
        now: Double,
        nodeTimeout: Double,
        jobTimeout: Double
    ) -> LostRun? {
        let silent = now - nodeLastSeen
        if silent > nodeTimeout {
            return .nodeSilent(qpu: qpu, silentSeconds: silent, nodeTimeout: nodeTimeout)
        }
        if let startTime, now - startTime > Double(timeLimitSeconds) + jobTimeout {
            return .overran(
                qpu: qpu, runningSeconds: now - startTime, timeLimitSeconds: timeLimitSeconds, jobTimeout: jobTimeout)
        }
        return nil
    }

    /// How the job ends once it has used up its requeues.
    public var exhaustedState: JobState {
        switch self {
        case .nodeSilent: return .nodeFail
        case .overran: return .timeout
        }
    }

    /// The reason recorded in the job's events (and as its message when it ends).
    public var reason: String {
        switch self {
        case .nodeSilent(let qpu, let silent, let timeout):
            return "node \(qpu) silent for \(Self.seconds(silent)) (NodeTimeout \(Self.seconds(timeout)))"
        case .overran(let qpu, let running, let limit, let jobTimeout):
            return "RUNNING \(Self.seconds(running)) with no result from node \(qpu): past its time limit "
                + "\(DurationText.slurmFormat(seconds: limit)) plus JobTimeout \(Self.seconds(jobTimeout))"
        }
    }

    private static func seconds(_ value: Double) -> String {
        "\(Int(value.rounded(.down)))s"
    }
}
