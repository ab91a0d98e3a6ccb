import ArgumentParser
import QPIControllerClient
import QPICore
import QPIProcess
import QPIWire

extension ControllerClient {
    /// ``submit(_:)``, printing the error and exiting with status 1 when it fails. Like any
    /// first call, it brings back the caller's notifications.
    public func submitOrExit(_ request: SubmitRequest, command: String) async throws -> JobID {
        do {
            return try await self.submit(request)
        } catch {
            printError("\(command): error: \(error)")
            throw ExitCode.failure
        }
    }
}
