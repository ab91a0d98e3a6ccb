extension ClusterController {
    /// Puts reloaded settings in force. Jobs keep running: a job's time limit and shots
    /// were fixed at submission, and the new limits, thresholds and timeouts apply from the
    /// next decision on, starting with a scheduling pass (IdleThreshold or EnforceBalance
    /// may have freed pending jobs).
    public func apply(_ settings: ControllerSettings) {
        self.settings = settings
        self.wakeScheduler()
    }

    /// The settings in force, for the daemon's periodic tasks.
    public var currentSettings: ControllerSettings { self.settings }
}
