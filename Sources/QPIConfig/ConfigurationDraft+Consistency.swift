extension ConfigurationDraft {
    /// A rule between keys that the values break, with the keys concerned.
    struct Inconsistency {
        let keys: [String]
        let message: String
    }

    /// Rules between keys that each value alone cannot check; empty for the defaults.
    var inconsistencies: [Inconsistency] {
        let config = self.configuration
        var found: [Inconsistency] = []
        func require(_ holds: Bool, _ keys: [String], _ message: @autoclosure () -> String) {
            if !holds { found.append(Inconsistency(keys: keys, message: message())) }
        }
        require(
            self.portRangeStart <= self.portRangeEnd, ["PortRange", "PortRangeStart", "PortRangeEnd"],
            "PortRange is empty: its start \(self.portRangeStart) is above its end \(self.portRangeEnd)"
        )
        require(
            config.controlPort != config.serverPort, ["ControlPort", "ServerPort"],
            "ControlPort and ServerPort are both \(config.serverPort); they need different ports"
        )
        require(
            config.defaultShots <= config.maxShots, ["DefaultShots", "MaxShots"],
            "DefaultShots \(config.defaultShots) is above MaxShots \(config.maxShots)"
        )
        require(
            config.defaultTime <= config.maxTime, ["DefaultTime", "MaxTime"],
            "DefaultTime \(Self.text(config.defaultTime)) is above MaxTime \(Self.text(config.maxTime))"
        )
        require(
            config.heartbeatInterval < config.nodeTimeout, ["HeartbeatInterval", "NodeTimeout"],
            "HeartbeatInterval \(Self.text(config.heartbeatInterval)) is not shorter than NodeTimeout "
                + "\(Self.text(config.nodeTimeout)), so nodes would time out between heartbeats"
        )
        return found
    }

    /// `90s` or `1.5s`: plain seconds, which every duration syntax accepts back.
    private static func text(_ duration: Duration) -> String {
        let milliseconds = duration / .milliseconds(1)
        return milliseconds.truncatingRemainder(dividingBy: 1_000) == 0
            ? "\(Int64(milliseconds / 1_000))s" : "\(milliseconds / 1_000)s"
    }
}
