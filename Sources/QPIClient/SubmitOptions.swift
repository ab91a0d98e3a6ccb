import ArgumentParser
import FoundationEssentials
import OpenQASM
import QPIConfig
import QPIControllerClient
import QPICore
import QPIDocuments
import QPIJobScript
import QPIProcess
import QPIWire

/// The job options `qsub` and `qrun` take on the command line; they override the
/// script's `// QPI` directive lines.
public struct SubmitOptions: ParsableArguments {
    @Option(help: "Shots per circuit.") public var shots: String?
    @Option(help: "Run on this QPU.") public var qpu: String?
    @Option(name: [.customLong("name"), .customShort("J")], help: "Job name.") public var name: String?
    @Option(
        name: [.customLong("time"), .customShort("t")],
        help: "Time limit: 30s, 5m, 1h, MM:SS, HH:MM:SS, D-HH:MM:SS (a bare number is minutes).")
    public var time: String?
    @Option(help: "Seed for simulating executors.") public var seed: String?
    @Flag(help: "Submit the job held: it waits until released (qctl job release).") public var hold = false
    @Option(help: "Scheduling priority, -10000 to 10000 (default 0); only administrators may raise it above 0.")
    public var priority: Int?
    @Option(help: "Lower the job's priority by N (0 to 10000); a negative N raises it, for administrators only.")
    public var nice: Int?
    @Option(
        name: [.customLong("dependency"), .customShort("d")],
        help: "Start only after other jobs: afterok|afterany|afternotok:ID[:ID...], comma-separated lists all apply.")
    public var dependency: String?
    @Option(
        help: """
            Start no earlier than this: now+DURATION (now+30m), HH:MM[:SS] (the next such time) or \
            ISO 8601 (2026-11-26T14:00, local unless it ends in Z or +HH:MM), as qres book takes.
            """)
    public var begin: String?
    @Option(help: "Free text kept with the job and its accounting record.") public var comment: String?
    @Option(
        name: .customLong("executor-option"),
        help: ArgumentHelp(
            "Pass KEY=VALUE to the QPU's executor; repeatable. Each executor documents the keys it accepts "
                + "and fails a job that gives another.",
            valueName: "KEY=VALUE"))
    public var executorOptions: [String] = []
    @Option(
        help: ArgumentHelp(
            "When to mail --mail-user: END (any end, the default), FAIL (an end other than COMPLETED or "
                + "CANCELLED), ALL or NONE, comma-separated; sent through the controller's MailProg.",
            valueName: "TYPE"))
    public var mailType: String?
    @Option(help: ArgumentHelp("Mail this address when the job ends (see --mail-type).", valueName: "ADDRESS"))
    public var mailUser: String?
    @Option(
        name: .customLong("notify-url"),
        help: ArgumentHelp(
            "POST the job's JSON document to this http(s) URL when it ends, retried with backoff; its host "
                + "must be in the controller's NotifyAllowedHosts. qstat -j shows how delivery went.",
            valueName: "URL"))
    public var notifyURL: String?
    @Option(
        name: [.customLong("array"), .customShort("a")],
        help: ArgumentHelp(
            "Submit a job array: one task per index, 0-99, 0-99:STEP, 1,5,7 or a mix, optionally ending in %MAX "
                + "(at most MAX tasks running at once). Tasks are named ID_TASK; qcancel ID cancels them all.",
            valueName: "INDICES"))
    public var array: String?
    @Option(
        name: .customLong("param"),
        help: ArgumentHelp(
            "Sweep an OpenQASM 3 'input' of the scripts: NAME=V1,V2,... or NAME=START:STOP:COUNT (evenly spaced, "
                + "both ends included); repeatable. Each task of the array binds one value of each, side by side, and "
                + "an 'input int array_task_id' its task index. Without --array the tasks are 0 to N-1.",
            valueName: "NAME=VALUES"))
    public var parameters: [String] = []
    @Flag(
        name: .customLong("param-product"),
        help: "One task per combination of the --param values (the first varying slowest), not side by side.")
    public var parameterProduct = false

    public init() {}

    /// Checks what `qsub` and `qrun` are given before anything is read or sent.
    public func validate(files: [String]) throws {
        guard !files.isEmpty else { throw ValidationError("Missing job script: give at least one FILE.qasm or '-'.") }
        _ = try self.jobOptions()
        _ = try self.scheduling()
    }

    /// The priority and dependency asked for, validated (messages name the flag).
    public func scheduling() throws -> (priority: Int?, dependency: JobDependency?) {
        if self.priority != nil && self.nice != nil {
            throw ValidationError("Give --priority or --nice, not both.")
        }
        let priority = self.priority ?? self.nice.map { -$0 }
        if let priority, !(-10_000...10_000).contains(priority) {
            throw ValidationError(
                "Invalid value '\(self.priority ?? self.nice ?? 0)' for '--\(self.priority != nil ? "priority" : "nice")': "
                    + "expected an integer in -10000...10000.")
        }
        do {
            return (
                priority, try self.dependency.map { text throws(JobOptionError) in try JobDependency(parsing: text) }
            )
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The command-line options validated as job options (messages name the flag).
    public func jobOptions() throws -> JobOptions {
        var options = JobOptions()
        let given: [(String, String?)] =
            [
                ("shots", self.shots), ("qpu", self.qpu), ("name", self.name), ("time", self.time), ("seed", self.seed),
                ("begin", self.begin), ("comment", self.comment), ("mail-type", self.mailType),
                ("mail-user", self.mailUser), ("notify-url", self.notifyURL), ("array", self.array),
            ] + self.executorOptions.map { ("executor-option", $0) } + self.parameters.map { ("param", $0) }
        for (option, value) in given {
            guard let value else { continue }
            do {
                try options.set(option: option, value: value)
            } catch {
                throw ValidationError("\(error)")
            }
        }
        if self.parameterProduct { options.parameterProduct = true }
        return options
    }

    /// Reads and checks the scripts locally, then builds the submission. Script errors are
    /// printed as `file:line:col: error: …` and end the command with status 1; so is a file
    /// over the configuration's `MaxJobFileSize`, refused before it is read whole.
    public func request(files: [String], configuration: QPIConfiguration) throws -> SubmitRequest {
        let overrides = try self.jobOptions()
        let includes = JobScriptLoader.includes(maxFileSize: configuration.maxJobFileSize)
        let sources = try Self.orExit { () throws(JobScriptError) in
            try JobScriptLoader.sources(paths: files, maxFileSize: configuration.maxJobFileSize)
        }
        if try Self.orExit({ () throws(JobScriptError) in try JobScriptParser.declaresInputs(sources) }) {
            return try self.sweepRequest(sources, overrides: overrides, includes: includes)
        }
        let script = try Self.orExit { () throws(JobScriptError) in
            try JobScriptParser.parse(sources, includes: includes)
        }
        for warning in script.warnings { printError(warning.description) }
        let options = script.options.overlaid(with: overrides)
        guard options.parameters == nil else {
            throw ValidationError("--param binds the job scripts' inputs, and they declare none.")
        }
        return try self.submission(
            of: script.sources, options: options, circuitCount: script.circuits.count, qubits: script.qubits)
    }

    /// The request for `sources` with the job options and flags settled; `taskScripts` for a sweep.
    func submission(
        of sources: [SourceFile], options: JobOptions, circuitCount: Int, qubits: Int,
        taskScripts: [[SourceFile]]? = nil
    ) throws -> SubmitRequest {
        let beginTime: Double?
        do {
            beginTime = try options.resolvedBegin(now: currentTime(), utcOffset: SlotListing.localOffset)
        } catch {
            throw ValidationError("\(error)")
        }
        let files = { (sources: [SourceFile]) in sources.map { ScriptFile(name: $0.name, text: $0.text) } }
        return SubmitRequest(
            scripts: files(sources), options: options, circuitCount: circuitCount, qubits: qubits, hold: self.hold,
            priority: try self.scheduling().priority, dependency: try self.scheduling().dependency,
            beginTime: beginTime, submissionID: UUID().uuidString, taskScripts: taskScripts?.map(files))
    }

    /// `body`'s value; its script errors are printed as `file:line:col: error: …` lines and
    /// end the command with status 1.
    static func orExit<Value>(_ body: () throws(JobScriptError) -> Value) throws -> Value {
        do {
            return try body()
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
    }

    /// The submission of scripts that declare inputs: an array whose tasks each carry the
    /// scripts with their values written in (`--param`, and `array_task_id`).
    func sweepRequest(_ sources: [SourceFile], overrides: JobOptions, includes: @escaping IncludeResolver) throws
        -> SubmitRequest
    {
        let directives = try Self.orExit { () throws(JobScriptError) in
            try JobScriptParser.directiveOptions(ofSweep: sources, includes: includes)
        }
        let swept: SweptJobScript
        do {
            swept = try JobScriptParser.sweep(
                sources, options: (directives ?? JobOptions()).overlaid(with: overrides), includes: includes)
        } catch let error as JobScriptError {
            printError(error.description)
            throw ExitCode.failure
        } catch {
            throw ValidationError("\(error)")
        }
        for warning in swept.warnings { printError(warning.description) }
        if directives == nil, swept.options.array != nil || swept.options.parameters != nil {
            throw ValidationError(
                "The job scripts' '// QPI --array' or '--param' lines could not be read before binding their inputs; "
                    + "give them on the command line.")
        }
        var options = swept.options.overlaid(with: overrides)
        options.array = swept.array
        // The values travel written into each task's scripts.
        options.parameters = nil
        options.parameterProduct = nil
        return try self.submission(
            of: sources, options: options, circuitCount: swept.circuitCount, qubits: swept.qubits,
            taskScripts: swept.taskSources)
    }
}

/// Waits for a job and prints its outcome: counts for a completed job, the reason otherwise.
public enum JobWaiter {
    public static func waitAndPrint(_ jobID: JobID, client: ControllerClient, json: Bool, command: String) async throws
    {
        let wait = 600.0
        var job: Job
        repeat {
            // The controller answers after at most `wait`; the call waits a little longer.
            job = try await client.callOrExit(
                WaitJobRequest(jobID: jobID, timeoutSeconds: wait), timeout: .seconds(wait + 30), command: command
            ).job
        } while !job.state.isFinished
        guard job.state == .completed else {
            printError("\(command): job \(jobID) ended \(job.state.rawValue)\(job.message.map { ": \($0)" } ?? "")")
            throw ExitCode.failure
        }
        let result = try await client.callOrExit(ResultRequest(jobID: jobID), command: command)
        if json {
            print(
                try ResultDocument(backendName: result.job.qpu ?? "qpi", jobID: String(jobID), results: result.results)
                    .jsonText())
        } else {
            print(CountsTable.render(result.results), terminator: "")
        }
    }
}
