import FoundationEssentials
import QPIConfig

extension ClusterOptions {
    /// ControlAddr:ControlPort of the configuration, or nil when it cannot be loaded
    /// (`connect()` reports that error; this is only for text shown to the admin).
    public func controllerAddress() -> String? {
        guard
            let configuration = try? ConfigurationLoader.load(
                configFile: self.configFile, environment: ProcessInfo.processInfo.environment)
        else { return nil }
        return "\(configuration.controlAddr):\(configuration.controlPort)"
    }
}
