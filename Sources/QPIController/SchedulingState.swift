import QPICore

/// What the controller keeps for scheduling besides the queue: booked slots, when each
/// user's last job ended (for IdleThreshold), and how jobs named in dependencies ended.
struct SchedulingState {
    var slots = BookedSlots()
    var lastJobEnd: [String: Double] = [:]
    /// End states of jobs that some job depends on, once they have ended.
    var endedStates: [JobID: JobState] = [:]
    /// Jobs named by some job's dependency, so only their ends are remembered.
    var dependencyTargets: Set<JobID> = []
}
