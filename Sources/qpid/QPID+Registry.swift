import ArgumentParser
import Foundation
import QPIConfig
import QPINode
import QPIProcess
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
        let environment = ProcessInfo.processInfo.environment.filter { !$0.value.isEmpty }
        let executorName = self.executor ?? environment["DRIVER_BACKEND"] ?? "sim"
        let dataDirectory = URL(fileURLWithPath: self.dataDir ?? environment["QPI_DATA_DIR"] ?? "var/node/\(qpu)")
        let command = try self.launchCommand(
            executorName, commandLine: self.executorCommand, qpu: qpu, dataDirectory: dataDirectory,
            environment: environment)
        let logger = try self.startLogging(configuration, qpu: qpu)
        var settings = NodeSettings(
            qpu: qpu, executorName: executorName, qubits: self.qubits ?? Int(Int32.max), executor: command,
            dataDirectory: dataDirectory, controllerURL: "tcp://\(registry.controller)", mungeSocket: nil,
            clusterName: configuration.clusterName,
            maxMessageSize: configuration.maxMessageSize,
            heartbeatSeconds: configuration.heartbeatInterval / .seconds(1))
        settings.registry = registry
        try await Self.serve(settings, logger: logger)
    }
}
