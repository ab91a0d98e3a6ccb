import Foundation
import OpenQASM
import QPICore
import QPIJobScript

/// The native simulator as an executor child process: speaks the executor protocol on
/// two file descriptors (normally standard input and output) until input ends.
///
/// Each `run` is answered by one `result` or `error`; bad input of any kind becomes an
/// `error` for that job (or is skipped when no job id can be read), never a crash.
public struct NativeExecutorServer {
    public var threads: Int
    public var maxFrameSize: Int

    /// Qubits the native simulator offers: a statevector of 2^30 amplitudes is 16 GiB.
    public static let qubits = 30

    public init(threads: Int = 0, maxFrameSize: Int = 64 << 20) {
        self.threads = threads
        self.maxFrameSize = maxFrameSize
    }

    /// Serves until `input` reaches end of file. Throws only when `output` cannot be written.
    public func serve(input: Int32, output: Int32) throws {
        let hello = ExecutorHello(
            protocolVersion: 1, name: "sim", qubits: Self.qubits, basisGates: GateKind.allCases.map(\.rawValue),
            maxShots: JobOptions.maxShots, midCircuitMeasurement: true)
        try self.send(.hello(hello), to: output)
        var frames = LengthPrefixedFrames(maxFrameSize: self.maxFrameSize)
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            frames.append(chunk[0..<count])
            do {
                while let frame = try frames.next() {
                    try self.send(self.answer(frame), to: output)
                }
            } catch let error as LengthPrefixedFrames.Oversized {
                try self.send(.error(jobID: 0, message: "\(error)"), to: output)
                return
            }
        }
    }

    /// The reply to one frame from qpid.
    func answer(_ frame: [UInt8]) -> ExecutorMessage {
        let message: ExecutorMessage
        do {
            message = try JSONDecoder().decode(ExecutorMessage.self, from: Data(frame))
        } catch {
            return .error(jobID: 0, message: "cannot decode message: \(error)")
        }
        guard case .run(let run) = message else {
            return .error(jobID: 0, message: "expected a 'run' message")
        }
        return Self.execute(run, threads: self.threads)
    }

    /// Parses and simulates one job; every failure becomes an `error` naming its cause.
    public static func execute(_ run: ExecutorRun, threads: Int) -> ExecutorMessage {
        let sources = run.circuits.map { SourceFile(name: $0.name, text: $0.text) }
        do {
            let options = try NativeExecutorOptions(run.options)
            let script = try JobScriptParser.parse(sources)
            let runner = LocalRunner(
                shots: run.shots, seed: options.seed ?? run.seed, threads: threads, memory: options.memory,
                fusion: options.fusion)
            let results = try runner.run(script.circuits)
            return .result(
                ExecutorResult(
                    jobID: run.jobID, results: results, deviceSeconds: results.reduce(0) { $0 + $1.timeTaken }))
        } catch let error as JobScriptError {
            return .error(jobID: run.jobID, message: error.description)
        } catch {
            return .error(jobID: run.jobID, message: "\(error)")
        }
    }

    private func send(_ message: ExecutorMessage, to output: Int32) throws {
        let bytes = LengthPrefixedFrames.encode(Array(try JSONEncoder().encode(message)))
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            offset += written
        }
    }
}
