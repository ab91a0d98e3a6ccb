import OpenQASM
import QPICore
import QPIJobScript
import QPIWire

extension NodeDaemon {
    /// Why `dispatch` must not run on this QPU, or nil. The controller schedules by the
    /// qubit count the submitter declared, and a command-line client can declare anything;
    /// the node reads the circuits itself and refuses those wider than the QPU's declared
    /// `Qubits=`, which the executor (a simulator, say) might otherwise run. Scripts this
    /// parser cannot read are left to the executor, whose dialect may be wider.
    static func exceedsQPU(_ dispatch: Dispatch, qubits: Int, qpu: String) -> String? {
        let sources = dispatch.scripts.map { SourceFile(name: $0.name, text: $0.text) }
        guard let script = try? JobScriptParser.parse(sources), script.qubits > qubits else { return nil }
        return "the job's circuits need \(script.qubits) qubits but QPU \(qpu) has \(qubits)"
    }
}
