import Foundation
import QPINode
import Testing

struct ExecutorLaunchTests {
    let child = ExecutorLaunch.childEnvironment(
        qpu: "aer0", executor: "qiskit_aer", dataDirectory: URL(fileURLWithPath: "/srv/qpi/node/aer0"))

    @Test func theChildGetsTheReferenceDriverVariables() {
        #expect(
            self.child == [
                "QPU_NAME": "aer0", "DRIVER_BACKEND": "qiskit_aer", "QPI_DATA_DIR": "/srv/qpi/node/aer0/executor",
            ])
    }

    @Test func pythonExecutorsRunThePackageWithQPIPython() throws {
        let command = try ExecutorLaunch.command(
            executor: "qiskit_aer", commandLine: nil, qsimDirectory: URL(fileURLWithPath: "/opt/qpi/bin"), threads: 0,
            environment: ["QPI_PYTHON": "/opt/venv/bin/python"], childEnvironment: self.child)
        #expect(command.executable == "/usr/bin/env")
        #expect(command.arguments == ["/opt/venv/bin/python", "-m", "qpi_executors"])
        #expect(command.environment["DRIVER_BACKEND"] == "qiskit_aer")
    }

    @Test func anExecutorCommandWinsAndSimRunsQsim() throws {
        let custom = try ExecutorLaunch.command(
            executor: "mock", commandLine: "my-executor --fast", qsimDirectory: URL(fileURLWithPath: "/opt/qpi/bin"),
            threads: 0, environment: [:], childEnvironment: self.child)
        #expect(custom.arguments == ["-c", "exec my-executor --fast"])
        let sim = try ExecutorLaunch.command(
            executor: "sim", commandLine: nil, qsimDirectory: URL(fileURLWithPath: "/opt/qpi/bin"), threads: 2,
            environment: [:], childEnvironment: self.child)
        #expect(sim.executable == "/opt/qpi/bin/qsim" && sim.arguments == ["--executor", "--threads", "2"])
    }

    @Test func anUnknownExecutorWithoutCommandIsRefusedWithTheFix() {
        #expect {
            _ = try ExecutorLaunch.command(
                executor: "superconducting9000", commandLine: nil, qsimDirectory: URL(fileURLWithPath: "/"), threads: 0,
                environment: [:], childEnvironment: [:])
        } throws: { error in
            "\(error)".contains("give its command with ExecutorCommand=")
        }
    }
}
