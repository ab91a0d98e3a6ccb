extension ConfigurationKey {
    /// Keys `qpictld` applies on `qctl reconfigure` or SIGHUP. Every other key (listeners,
    /// files opened at start, what nodes read once) needs a restart; a key is live only
    /// when listed here, so a key added without thought for reloads is never assumed live.
    static let liveNames: Set<String> = [
        "AdminUsers", "NodeUsers", "PrivateData",
        "IdleThreshold", "EnforceBalance", "RecoveryInterval", "JobTimeout", "DispatchPollInterval", "NodeTimeout",
        "MaxRequeue", "DispatchDepth",
        "DefaultTime", "MaxTime", "DefaultShots", "MaxShots", "MaxQubits", "MaxJobFileSize", "MaxPendingPerUser",
        "EventRetention", "MaxBookingDuration", "MinBookingDuration", "MaxSlotsPerUser", "MaxBookedSecondsPerUser",
        "BookingHorizon", "SlotCharge",
        "DebugLevel", "LogLevel", "LogFile", "LogFormat",
    ]

    /// Whether a running `qpictld` applies a new value of this key on reconfigure.
    public var isLive: Bool { Self.liveNames.contains(self.name) }
}

/// What a reload would change, key by key, split by whether the running daemon can apply it.
public struct ConfigurationChanges: Sendable, Hashable {
    /// Keys whose value changed and that apply now.
    public var applied: [String]
    /// Keys whose value changed but that take effect only after a restart; `QPU lines`
    /// when QPUs were added, removed or changed.
    public var needRestart: [String]

    /// The pseudo-key reported when `QPUName=` lines differ.
    public static let qpuLines = "QPU lines"

    /// Compares effective values, so a key moved from the file to its default value, or
    /// respelled (`5s` as `5000ms`), is not a change.
    public init(from old: QPIConfiguration, to new: QPIConfiguration) {
        let changed = ConfigurationKey.all.filter { $0.binding.render(old) != $0.binding.render(new) }
        self.applied = changed.filter(\.isLive).map(\.name)
        self.needRestart = changed.filter { !$0.isLive }.map(\.name) + (old.qpus == new.qpus ? [] : [Self.qpuLines])
    }
}

extension LoadedConfiguration {
    /// What is in force after reloading `reloaded` into a daemon running `self`: the live
    /// keys' new values and origins, the running values of everything that needs a
    /// restart (QPU lines included), and the changes to report.
    public func applying(_ reloaded: LoadedConfiguration) -> (
        inForce: LoadedConfiguration, changes: ConfigurationChanges
    ) {
        var draft = ConfigurationDraft()
        draft.configuration = reloaded.configuration
        var locations = reloaded.sources.locations
        for key in ConfigurationKey.all where !key.isLive {
            // Re-applying a running value's own rendering cannot fail: it was accepted before.
            try? key.binding.apply(key.binding.render(self.configuration), &draft)
            locations[key.name] = self.sources.locations[key.name]
        }
        var configuration = draft.finished() ?? self.configuration
        configuration.qpus = self.configuration.qpus
        let inForce = LoadedConfiguration(
            configuration: configuration, sources: ConfigurationSources(locations: locations))
        return (inForce, ConfigurationChanges(from: self.configuration, to: reloaded.configuration))
    }
}
