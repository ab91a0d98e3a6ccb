import ArgumentParser
import Foundation
import QPIClient
import QPIConfig
import QPINode
import QPISecurity

extension QPID {
    /// The token path: no QPUName= line and no munge needed; the configuration file, if
    /// any, supplies only log level, message size and heartbeat.
    func runRegistered(_ registry: RegistryLink) async throws {
        let configuration: QPIConfiguration
        do {
            configuration = try ConfigurationLoader.load(
                configFile: self.configFile, environment: ProcessInfo.processInfo.environment)
        } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
        let qpu = registry.token.qpu
        let executorName = self.executor ?? "sim"
        let command = try self.makeExecutorCommand(executorName, line: self.executorCommand)
        let logger = Self.bootstrapLogging(configuration, qpu: qpu)
        var settings = NodeSettings(
            qpu: qpu, executorName: executorName, qubits: self.qubits ?? Int(Int32.max), executor: command,
            dataDirectory: URL(fileURLWithPath: self.dataDir ?? "var/node/\(qpu)"),
            controllerURL: "tcp://\(registry.controller)", mungeSocket: nil,
            maxMessageSize: configuration.maxMessageSize,
            heartbeatSeconds: configuration.heartbeatInterval / .seconds(1))
        settings.registry = registry
        try await Self.serve(settings, logger: logger)
    }
}
