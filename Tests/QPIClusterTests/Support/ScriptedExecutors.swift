import Foundation
import QPITesting
import Synchronization

/// Executors that misbehave on cue, as shell scripts around the native simulator, for
/// `ExecutorCommand=`. Each lives in this object's directory, which must outlive the
/// cluster that runs them.
///
/// They borrow the simulator's hello by running `qsim --executor` with no input: it says
/// hello and exits at the end of its input. After the misbehaviour a script execs the
/// real simulator, so the same node serves the next job normally.
///
/// Deinit opens every gate: a gated script waiting for its gate neither reads its input
/// nor notices that its node daemon has gone, so one left behind by a node killed with
/// SIGKILL would wait forever.
final class ScriptedExecutors: Sendable {
    let directory: TemporaryDirectory
    let qsim: String
    private let gates = Mutex<Set<String>>([])
    private let holds = Mutex<Set<String>>([])

    init() throws {
        self.directory = try TemporaryDirectory(prefix: "qpi-executors")
        self.qsim = try ClusterHarness.buildDirectory() + "/qsim"
    }

    deinit {
        for gate in self.gates.withLock({ $0 }) { self.open(gate) }
        for name in self.holds.withLock({ $0 }) { self.release(name) }
        // Give the released scripts a moment to leave the directory before it goes.
        usleep(100_000)
    }

    /// Runs every job only once the file `gate` exists: until then jobs stay RUNNING.
    /// The simulator starts at once (its hello goes out), only its input is held back.
    func gated(_ gate: String) throws -> String {
        self.gates.withLock { _ = $0.insert(gate) }
        return try self.script(
            "gated-\(gate)",
            """
            { while [ ! -e '\(self.gatePath(gate))' ]; do sleep 0.05; done; exec cat; } | '\(self.qsim)' --executor --threads 1
            """)
    }

    /// Opens the gate of ``gated(_:)`` executors: held jobs run, and later ones pass.
    func open(_ gate: String) {
        _ = FileManager.default.createFile(atPath: self.gatePath(gate), contents: nil)
    }

    /// Takes the first job it is given, then ends as `ending` says (`exit 3`, `kill -SEGV $$`,
    /// `sleep 3600`); every later start is the plain simulator.
    func misbehavingOnce(_ name: String, ending: String) throws -> String {
        let marker = self.directory.path(of: "\(name).done")
        return try self.script(
            name,
            """
            if [ ! -e '\(marker)' ]; then
                : > '\(marker)'
                '\(self.qsim)' --executor --threads 1 < /dev/null
                head -c 4 > /dev/null
                \(ending)
            fi
            exec '\(self.qsim)' --executor --threads 1
            """)
    }

    /// The simulator behind a relay that passes qpid's frames on one at a time, each only
    /// while ``hold(_:)`` is not in force for `name`: a test can keep the next job RUNNING
    /// in its executor for as long as it needs, on a machine of any speed, and let it go.
    /// While a frame waits, the file ``holdingPath(_:)`` exists.
    func holdable(_ name: String) throws -> String {
        let relay = self.directory.path(of: "hold-relay.py")
        try Self.holdRelay.write(toFile: relay, atomically: true, encoding: .utf8)
        return "python3 '\(relay)' '\(self.holdPath(name))' '\(self.holdingPath(name))' '\(self.qsim)'"
    }

    /// From now on, ``holdable(_:)`` executors named `name` keep the next frame they get.
    func hold(_ name: String) {
        self.holds.withLock { _ = $0.insert(name) }
        _ = FileManager.default.createFile(atPath: self.holdPath(name), contents: nil)
    }

    /// Lets the held frame and every later one through.
    func release(_ name: String) {
        try? FileManager.default.removeItem(atPath: self.holdPath(name))
    }

    /// Exists while a ``holdable(_:)`` executor named `name` holds a frame.
    func holdingPath(_ name: String) -> String {
        self.directory.path(of: "\(name).holding")
    }

    private func holdPath(_ name: String) -> String {
        self.directory.path(of: "\(name).hold")
    }

    /// The relay of ``holdable(_:)``: qpid's frames are a 4-byte big-endian length and
    /// that many bytes; the simulator answers on the relay's own standard output.
    private static let holdRelay = """
        import os, subprocess, sys, time

        hold, holding, qsim = sys.argv[1:4]
        simulator = subprocess.Popen([qsim, "--executor", "--threads", "1"], stdin=subprocess.PIPE)
        source = sys.stdin.buffer


        def read(count):
            data = source.read(count)
            return data if data is not None and len(data) == count else None


        while (header := read(4)) is not None:
            body = read(int.from_bytes(header, "big"))
            if body is None:
                break
            if os.path.exists(hold):
                open(holding, "w").close()
                while os.path.exists(hold):
                    time.sleep(0.02)
                os.remove(holding)
            simulator.stdin.write(header + body)
            simulator.stdin.flush()
        simulator.stdin.close()
        sys.exit(simulator.wait())

        """

    private func gatePath(_ gate: String) -> String {
        self.directory.path(of: "\(gate).open")
    }

    /// Writes `body` as a `/bin/sh` script and returns the command line that runs it.
    private func script(_ name: String, _ body: String) throws -> String {
        let path = self.directory.path(of: "\(name).sh")
        try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return "/bin/sh \(path)"
    }
}
