import OpenQASM
import QPICore
import QPIExecutor
import QPIJobScript
import Testing

/// `--executor-option` as a directive, and the native simulator's reading of a run's
/// `options` (issue 21, item 8).
struct ExecutorOptionTests {
    static let bell = """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[2];
        creg c[2];
        h q[0];
        cx q[0],q[1];
        measure q -> c;
        """

    @Test func directivesCarryExecutorOptions() throws {
        let text = "// QPI --executor-option seed=5 --executor-option=fusion=off\n" + Self.bell
        let script = try JobScriptParser.parse([SourceFile(name: "bell.qasm", text: text)])
        #expect(script.options.executorOptions == ["seed": "5", "fusion": "off"])
    }

    @Test func aMalformedDirectiveIsReportedAtItsPlace() {
        let text = "// QPI --shots=10\n// QPI --executor-option seed\n" + Self.bell
        do {
            _ = try JobScriptParser.parse([SourceFile(name: "sweep.qasm", text: text)])
            Issue.record("a directive without KEY=VALUE was accepted")
        } catch {
            #expect(error.description.hasPrefix("sweep.qasm:2:8: error: "), "\(error)")
            #expect(error.description.contains("'--executor-option': expected KEY=VALUE"), "\(error)")
        }
    }

    func run(_ options: [String: String], seed: UInt64? = nil) -> ExecutorMessage {
        NativeExecutorServer.execute(
            ExecutorRun(
                jobID: 3, circuits: [ScriptFile(name: "bell.qasm", text: Self.bell)], shots: 500, seed: seed,
                options: options),
            threads: 1)
    }

    @Test func theSeedOptionReplacesTheJobsSeed() throws {
        guard case .result(let first) = self.run(["seed": "99"], seed: 1),
            case .result(let second) = self.run(["seed": "99"], seed: 2)
        else {
            Issue.record("the sim executor refused a seed option")
            return
        }
        #expect(first.results[0].seed == 99)
        #expect(first.results[0].counts == second.results[0].counts)
    }

    @Test func memoryListsEveryShotAndFusionKeepsTheCounts() throws {
        guard case .result(let plain) = self.run(["seed": "4"]),
            case .result(let unfused) = self.run(["seed": "4", "fusion": "off", "memory": "true"])
        else {
            Issue.record("the sim executor refused its own options")
            return
        }
        #expect(plain.results[0].memory == nil)
        #expect(unfused.results[0].memory?.count == 500)
        #expect(unfused.results[0].counts == plain.results[0].counts)
    }

    @Test(arguments: [
        (["noise": "1"], "unknown executor option 'noise': the sim executor accepts fusion, memory, seed"),
        (
            ["seed": "-1"],
            "invalid value '-1' for executor option 'seed': expected an integer in 0...18446744073709551615"
        ),
        (["fusion": "maybe"], "invalid value 'maybe' for executor option 'fusion': expected on or off (true or false)"),
    ])
    func badOptionsFailTheJobNamingTheKey(options: [String: String], message: String) {
        #expect(self.run(options) == .error(jobID: 3, message: message))
    }
}
