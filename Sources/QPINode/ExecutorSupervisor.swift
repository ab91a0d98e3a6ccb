import Foundation
import Glibc
import Logging
import QPICore
import QPIExecutor
import Subprocess
import Synchronization
import SystemPackage

/// How a job ended on the executor.
public enum ExecutorOutcome: Sendable, Hashable {
    case completed(ExecutorResult)
    /// The executor answered with an error, crashed, or broke the protocol.
    case failed(String)
    /// No answer within the time limit; the executor was killed.
    case timedOut(String)
    /// Stopped on request; the executor was killed.
    case cancelled
    /// The supervisor shut down while the job ran; the executor was killed and nothing
    /// about the job can be reported.
    case abandoned
}

/// The command line that starts an executor child.
public struct ExecutorCommand: Sendable, Hashable {
    public var executable: String
    public var arguments: [String]
    public var environment: [String: String]

    public init(executable: String, arguments: [String] = [], environment: [String: String] = [:]) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
    }
}

/// Runs jobs through one long-lived executor child process and keeps it alive.
///
/// One job runs at a time. A crash, a protocol violation or garbage output fails the job
/// in flight with the reason; a job past its time limit kills the child and ends timed
/// out; in every case a fresh child is started, after a backoff that grows with
/// consecutive failures. The supervisor itself never fails.
///
/// After ``start()`` the child runs even without jobs, so that its `event` messages
/// (calibration telemetry) flow while the QPU is idle; a child that dies idle is started
/// again after the backoff.
public actor ExecutorSupervisor {
    public let command: ExecutorCommand
    public let maxFrameSize: Int
    private let logger: Logger
    private var session: Session?
    private var sessionTask: Task<Void, Never>?
    private var consecutiveFailures = 0
    private let eventSink: (@Sendable (String, [String: Double]) -> Void)?
    /// Set by ``start()``: keep a child running between jobs.
    private var keepAlive = false
    private var stopped = false
    private var restartPending = false

    /// The protocol version this qpid speaks (`protocol` in the executor's hello).
    public static let protocolVersion = 1
    /// The longest wait before a restart, however many failures came before.
    static let maxBackoffSeconds = 10.0

    /// The hello of the current child, once it has said it.
    public private(set) var hello: ExecutorHello?

    public init(
        command: ExecutorCommand,
        maxFrameSize: Int = 64 << 20,
        logger: Logger,
        events: (@Sendable (String, [String: Double]) -> Void)? = nil
    ) {
        self.command = command
        self.maxFrameSize = maxFrameSize
        self.logger = logger
        self.eventSink = events
    }

    /// Starts the child now instead of with the first job, and keeps one running.
    public func start() async {
        self.keepAlive = true
        _ = await self.liveSession()
    }

    /// Runs one job, waiting at most `timeLimit` for its answer.
    public func run(_ job: ExecutorRun, timeLimit: Duration) async -> ExecutorOutcome {
        guard let session = await self.liveSession() else { return .abandoned }
        let pending = PendingRun(job: job)
        session.current.withLock { $0 = pending }
        let timer = Task { [weak session] in
            try await Task.sleep(for: timeLimit)
            guard let session else { return }
            let seconds = timeLimit.totalSeconds
            if pending.finish(.timedOut("job exceeded its time limit of \(seconds)s; the executor was killed")) {
                session.kill()
            }
        }
        session.requests.yield(pending)
        let outcome = await pending.outcome()
        timer.cancel()
        session.current.withLock { if $0 === pending { $0 = nil } }
        switch outcome {
        case .completed: self.consecutiveFailures = 0
        case .failed, .timedOut, .cancelled, .abandoned: break
        }
        return outcome
    }

    /// Stops `jobID` if it is the job running now: the child is killed and restarted later.
    public func cancel(jobID: JobID) {
        guard let session = self.session, let pending = session.current.withLock({ $0 }), pending.job.jobID == jobID
        else {
            return
        }
        if pending.finish(.cancelled) { session.kill() }
    }

    /// Ends the child and waits for it: an idle child gets the end of its input and
    /// `grace` to exit; a job in flight is abandoned at once. Then the child is killed with
    /// its process group, so no executor outlives the daemon that could report its work.
    public func shutdown(grace: Duration = .seconds(2)) async {
        self.stopped = true
        guard let session = self.session else { return }
        self.session = nil
        session.requests.finish()
        if let pending = session.current.withLock({ $0 }), pending.finish(.abandoned) { session.kill() }
        let deadline = Task {
            try await Task.sleep(for: grace)
            session.kill()
        }
        await self.sessionTask?.value
        deadline.cancel()
    }

    /// The running child's session, starting a child (after the backoff) if none runs;
    /// nil once the supervisor is shut down, so that nothing starts after it.
    private func liveSession() async -> Session? {
        guard !self.stopped else { return nil }
        if let session = self.session, !session.ended.withLock({ $0 }) { return session }
        if self.consecutiveFailures > 0 {
            let delay = min(0.1 * pow(2, Double(self.consecutiveFailures - 1)), Self.maxBackoffSeconds)
            try? await Task.sleep(for: .seconds(delay))
            guard !self.stopped else { return nil }
            // Another caller may have started a child during the wait.
            if let session = self.session, !session.ended.withLock({ $0 }) { return session }
        }
        let session = Session()
        self.session = session
        let command = self.command
        let maxFrameSize = self.maxFrameSize
        let logger = self.logger
        let eventSink = self.eventSink
        self.sessionTask = Task {
            let reason = await Self.runChild(
                command: command, session: session, maxFrameSize: maxFrameSize, logger: logger, events: eventSink,
                hello: { hello in Task { await self.didSayHello(hello) } })
            self.childEnded(session, reason: reason)
        }
        return session
    }

    private func childEnded(_ session: Session, reason: String) {
        session.ended.withLock { $0 = true }
        session.requests.finish()
        let inFlight = session.current.withLock { $0 }
        if let inFlight, inFlight.finish(.failed("executor \(reason)")) {
            self.logger.warning("executor \(reason) while running job", metadata: ["job": "\(inFlight.job.jobID)"])
        } else if !self.stopped && inFlight == nil {
            self.logger.warning("executor \(reason) while idle; starting it again")
        }
        if self.session === session {
            self.session = nil
            self.hello = nil
        }
        self.consecutiveFailures += 1
        self.restartIfIdle()
    }

    /// A child that died between jobs is started again, so that telemetry keeps flowing.
    private func restartIfIdle() {
        guard self.keepAlive, !self.stopped, !self.restartPending else { return }
        self.restartPending = true
        Task {
            await self.restartNow()
        }
    }

    private func restartNow() async {
        _ = await self.liveSession()
        self.restartPending = false
    }

    func didSayHello(_ hello: ExecutorHello) {
        self.hello = hello
    }

    /// Starts the child and serves jobs from `session.requests` until it ends; returns why it ended.
    ///
    /// Two tasks share the child: a reader that takes every message as it arrives (events
    /// at any time, answers for the job in flight) and a writer that sends one `run` at a
    /// time. Whatever ends the reader (end of output, garbage, a broken rule) ends the
    /// writer too; ending the input (shutdown) ends the writer, and the child then exits.
    private static func runChild(
        command: ExecutorCommand,
        session: Session,
        maxFrameSize: Int,
        logger: Logger,
        events: (@Sendable (String, [String: Double]) -> Void)?,
        hello onHello: @escaping @Sendable (ExecutorHello) -> Void
    ) async -> String {
        var environment: [Environment.Key: String?] = [:]
        for (key, value) in command.environment { environment[Environment.Key(stringLiteral: key)] = value }
        // The child leads a process group of its own, so that killing it reaches what it
        // started too (a shell script's pipeline, a wrapper's worker): those would hold
        // its output open and keep it "running" after the child itself was killed.
        var platformOptions = PlatformOptions()
        platformOptions.processGroupID = 0
        do {
            let result = try await Subprocess.run(
                .path(.init(command.executable)),
                arguments: Arguments(command.arguments),
                environment: .inherit.updating(environment),
                platformOptions: platformOptions,
                input: .inputWriter,
                output: .sequence,
                error: .currentStandardError
            ) { execution -> String? in
                session.pid.withLock { $0 = execution.processIdentifier.value }
                let (answered, answeredContinuation) = AsyncStream<Void>.makeStream()
                let output = execution.standardOutput
                return await withTaskGroup(of: (fromReader: Bool, reason: String?).self) { group in
                    group.addTask {
                        var reader = FrameReader(
                            iterator: output.makeAsyncIterator(), frames: .init(maxFrameSize: maxFrameSize))
                        let reason = await Self.readMessages(
                            from: &reader, session: session, logger: logger, events: events, hello: onHello,
                            answered: answeredContinuation)
                        answeredContinuation.finish()
                        return (true, reason)
                    }
                    group.addTask {
                        var turns = answered.makeAsyncIterator()
                        do {
                            for await pending in session.requestStream {
                                guard !pending.isFinished else { continue }
                                let frame = LengthPrefixedFrames.encode(
                                    Array(try JSONEncoder().encode(ExecutorMessage.run(pending.job))))
                                _ = try await execution.standardInputWriter.write(frame)
                                guard await turns.next() != nil else { return (false, nil) }
                            }
                            try await execution.standardInputWriter.finish()
                            return (false, "was shut down")
                        } catch {
                            return (false, "could not be sent its job: \(error)")
                        }
                    }
                    var readerReason: String?
                    var writerReason: String?
                    for await ended in group {
                        if ended.fromReader {
                            readerReason = ended.reason
                            group.cancelAll()
                        } else {
                            writerReason = ended.reason
                        }
                    }
                    return readerReason ?? writerReason
                }
            }
            session.pid.withLock { $0 = nil }
            let closureReason = result.closureResult
            switch result.terminationStatus {
            case .exited(let code): return closureReason ?? "exited with status \(code)"
            case .signaled(let signal): return closureReason ?? "was killed by signal \(signal)"
            }
        } catch {
            return "could not be started: \(error)"
        }
    }

    /// Reads the child's messages until its output ends (nil) or it breaks the protocol
    /// (the reason; the child is killed). Answers finish the job in flight and signal
    /// `answered`, which lets the writer send the next job.
    private static func readMessages(
        from reader: inout FrameReader,
        session: Session,
        logger: Logger,
        events: (@Sendable (String, [String: Double]) -> Void)?,
        hello onHello: @Sendable (ExecutorHello) -> Void,
        answered: AsyncStream<Void>.Continuation
    ) async -> String? {
        do {
            guard let first = try await reader.next() else { return nil }
            guard case .hello(let hello) = first else {
                session.kill()
                return "did not start with a hello message"
            }
            guard hello.protocolVersion == Self.protocolVersion else {
                session.kill()
                return "speaks executor protocol \(hello.protocolVersion); this qpid speaks \(Self.protocolVersion)"
            }
            onHello(hello)
            logger.info("executor started", metadata: ["executor": "\(hello.name)", "qubits": "\(hello.qubits)"])
            while let message = try await reader.next() {
                let pending = session.current.withLock { $0 }
                switch message {
                case .event(let kind, let data):
                    events?(kind, data)
                case .result(let result) where pending != nil && result.jobID == pending?.job.jobID:
                    pending?.finish(.completed(result))
                    answered.yield()
                case .error(let jobID, let text) where pending != nil && (jobID == pending?.job.jobID || jobID == 0):
                    pending?.finish(.failed(text))
                    answered.yield()
                case .result(let result):
                    session.kill()
                    return "broke the protocol (a result for job \(result.jobID), \(Self.running(pending)))"
                case .error(let jobID, let text):
                    session.kill()
                    return "broke the protocol (an error for job \(jobID), \(Self.running(pending))): \(text)"
                case .hello, .run:
                    session.kill()
                    return "broke the protocol (a second hello or a run message)"
                }
            }
            return nil
        } catch let error as LengthPrefixedFrames.Oversized {
            session.kill()
            return "sent garbage or an oversized message: \(error)"
        } catch let error as DecodingError {
            session.kill()
            return "sent a malformed message: \(Self.describe(error))"
        } catch {
            session.kill()
            return "failed: \(error)"
        }
    }

    private static func running(_ pending: PendingRun?) -> String {
        pending.map { "while running job \($0.job.jobID)" } ?? "while no job was running"
    }

    /// A decoding error in a line an admin can act on, without Swift's type dump.
    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "missing field '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// One child process and the queue of jobs it serves.
private final class Session: Sendable {
    let requests: AsyncStream<PendingRun>.Continuation
    let requestStream: AsyncStream<PendingRun>
    let pid = Mutex<pid_t?>(nil)
    let current = Mutex<PendingRun?>(nil)
    let ended = Mutex(false)

    init() {
        (self.requestStream, self.requests) = AsyncStream.makeStream()
    }

    /// Ends the session at once: it takes no more jobs, so the next one starts a fresh
    /// child instead of going to this dying one, and the child's whole process group (the
    /// child is its leader) is killed.
    func kill() {
        self.ended.withLock { $0 = true }
        self.requests.finish()
        if let pid = self.pid.withLock({ $0 }) { _ = Glibc.kill(-pid, SIGKILL) }
    }
}

/// A job handed to the child, finished exactly once by whichever comes first: the
/// answer, the timer, a cancel, or the child's death.
private final class PendingRun: Sendable {
    let job: ExecutorRun
    private let state = Mutex<(outcome: ExecutorOutcome?, waiter: CheckedContinuation<ExecutorOutcome, Never>?)>(
        (nil, nil))

    init(job: ExecutorRun) { self.job = job }

    var isFinished: Bool { self.state.withLock { $0.outcome != nil } }

    /// Records the outcome if none was recorded yet; returns whether this call did.
    @discardableResult
    func finish(_ outcome: ExecutorOutcome) -> Bool {
        let waiter: CheckedContinuation<ExecutorOutcome, Never>?? = self.state.withLock { state in
            guard state.outcome == nil else { return .none }
            state.outcome = outcome
            defer { state.waiter = nil }
            return .some(state.waiter)
        }
        guard let waiter else { return false }
        waiter?.resume(returning: outcome)
        return true
    }

    func outcome() async -> ExecutorOutcome {
        await withCheckedContinuation { continuation in
            let ready: ExecutorOutcome? = self.state.withLock { state in
                if let outcome = state.outcome { return outcome }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}

/// Reads executor messages from the child's output, across buffer boundaries.
private struct FrameReader {
    var iterator: SubprocessOutputSequence.Iterator
    var frames: LengthPrefixedFrames

    /// The next message, or nil at end of output.
    mutating func next() async throws -> ExecutorMessage? {
        while true {
            if let frame = try self.frames.next() {
                return try JSONDecoder().decode(ExecutorMessage.self, from: Data(frame))
            }
            guard let buffer = try await self.iterator.next() else { return nil }
            buffer.withUnsafeBytes { self.frames.append($0) }
        }
    }
}
