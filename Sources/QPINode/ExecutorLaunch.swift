import Foundation

/// How `qpid` turns a QPU's `Executor=`/`ExecutorCommand=` (or its flags) into the command
/// line of its executor child, and what the child finds in its environment.
public enum ExecutorLaunch {
    /// Executors of the `qpi-executors` Python package (executors/python), started with
    /// `python3 -m qpi_executors` when the QPU line names no `ExecutorCommand=`.
    public static let pythonExecutors = ["mock", "qiskit_aer", "quantify", "qblox", "presto"]

    /// Why no command could be made.
    public struct Unknown: Error, CustomStringConvertible {
        public var executor: String
        public var description: String {
            "executor '\(self.executor)' is neither sim nor one of \(ExecutorLaunch.pythonExecutors.joined(separator: ", ")); "
                + "give its command with ExecutorCommand= on its QPUName line or --executor-command"
        }
    }

    /// The command for `executor`.
    ///
    /// - Parameters:
    ///   - commandLine: `ExecutorCommand=` or `--executor-command`, run by `/bin/sh`; wins when given.
    ///   - qsimDirectory: where `qsim` is, for `sim`.
    ///   - environment: qpid's own environment; `QPI_PYTHON` names the interpreter of the
    ///     Python executors (default `python3` on PATH).
    ///   - childEnvironment: the variables the executor gets on top of qpid's environment
    ///     (``childEnvironment(qpu:executor:dataDirectory:)``).
    public static func command(
        executor: String,
        commandLine: String?,
        qsimDirectory: URL,
        threads: Int,
        environment: [String: String],
        childEnvironment: [String: String]
    ) throws(Unknown) -> ExecutorCommand {
        if let commandLine {
            return ExecutorCommand(
                executable: "/bin/sh", arguments: ["-c", "exec \(commandLine)"], environment: childEnvironment)
        }
        if executor == "sim" {
            return ExecutorCommand(
                executable: qsimDirectory.appendingPathComponent("qsim").path,
                arguments: ["--executor", "--threads", String(threads)], environment: childEnvironment)
        }
        guard self.pythonExecutors.contains(executor) else { throw Unknown(executor: executor) }
        let python = environment["QPI_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
        return ExecutorCommand(
            executable: "/usr/bin/env", arguments: [python, "-m", "qpi_executors"], environment: childEnvironment)
    }

    /// The reference driver's variables, so that one `ExecutorCommand=` serves every QPU:
    /// `QPU_NAME`, `DRIVER_BACKEND` (the executor kind) and `QPI_DATA_DIR` (a directory
    /// for the executor's datasets, inside qpid's data directory).
    public static func childEnvironment(qpu: String, executor: String, dataDirectory: URL) -> [String: String] {
        [
            "QPU_NAME": qpu,
            "DRIVER_BACKEND": executor,
            "QPI_DATA_DIR": dataDirectory.appendingPathComponent("executor").path,
        ]
    }
}

extension ExecutorLaunch {
    /// The program installed next to `qpid` that runs each executor and kills it when
    /// `qpid` dies, even by SIGKILL (which leaves `qpid` no chance to stop it).
    public static let guardName = "qpi-executor-guard"

    /// `command` run under the guard at `guardPath`, which passes on its exit status.
    public static func guarded(_ command: ExecutorCommand, by guardPath: String) -> ExecutorCommand {
        ExecutorCommand(
            executable: guardPath, arguments: [command.executable] + command.arguments,
            environment: command.environment)
    }
}
