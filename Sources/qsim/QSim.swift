import ArgumentParser
import OpenQASM
import QPIClient
import QPICore
import QPIDocuments
import QPIExecutor
import QPIJobScript
import QPIProcess
import QPISim

@main
struct QSim: SlurmStyleCommand {
    static let configuration = CommandConfiguration(
        commandName: "qsim",
        abstract: "Run OpenQASM job scripts on the native statevector simulator, without a cluster.",
        discussion: """
            Reads OpenQASM 2.0 or 3 files ('-' reads standard input). Leading '// QPI --shots=N \
            --seed=S' directive lines set options; command-line flags override them. Several files \
            or several OPENQASM sections make one run with several circuits. Errors are printed as \
            file:line:col: error: message, and the exit status is 1.
            """,
        version: QPIVersion.current
    )

    @Argument(help: "Job scripts to run ('-' for standard input).")
    var files: [String] = []

    @Option(help: "Shots per circuit (default: the script's --shots directive, else 1024).")
    var shots: Int?

    @Option(help: "Seed for sampling; circuit i uses seed+i. Default: a fresh random seed, reported.")
    var seed: UInt64?

    @Option(help: "Worker threads for large states (0 = all cores).")
    var threads: Int = 0

    @Flag(help: "Print the Qiskit-format result as JSON.")
    var json = false

    @Flag(help: "Include the final statevector (JSON output).")
    var statevector = false

    @Flag(help: "Include per-shot outcomes (JSON output).")
    var memory = false

    @Flag(help: "Only parse and check the scripts: print each circuit's size, simulate nothing.")
    var check = false

    @Flag(
        help: """
            Serve the executor protocol on standard input and output, as qpid's 'sim' executor. A job's \
            executor options may be seed=N, fusion=on|off and memory=true|false; any other key fails it.
            """)
    var executor = false

    func validate() throws {
        guard !self.files.isEmpty || self.executor else {
            throw ValidationError("Missing job script: give at least one FILE.qasm or '-'.")
        }
        if let shots, !(1...JobOptions.maxShots).contains(shots) {
            throw ValidationError("--shots must be between 1 and \(JobOptions.maxShots), got \(shots).")
        }
        guard self.threads >= 0 else {
            throw ValidationError("--threads must be 0 (all cores) or positive, got \(self.threads).")
        }
    }

    func run() throws {
        if self.executor {
            try NativeExecutorServer(threads: self.threads).serve(input: 0, output: 1)
            return
        }
        let script: JobScript
        do {
            script = try JobScriptLoader.load(paths: self.files)
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
        for warning in script.warnings { printError(warning.description) }
        if self.check {
            for circuit in script.circuits {
                print(
                    "\(circuit.name): \(circuit.qubitCount) qubits, \(circuit.clbitCount) clbits, \(circuit.instructions.count) instructions"
                )
            }
            return
        }
        let runner = LocalRunner(
            shots: self.shots ?? script.options.shots ?? LocalRunner.defaultShots,
            seed: self.seed ?? script.options.seed,
            threads: self.threads,
            memory: self.memory,
            statevector: self.statevector
        )
        let results: [CircuitResult]
        do {
            results = try runner.run(script.circuits)
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
        if self.json {
            print(try ResultDocument(backendName: "qpi_statevector", results: results).jsonText())
        } else {
            print(CountsTable.render(results), terminator: "")
        }
    }
}
