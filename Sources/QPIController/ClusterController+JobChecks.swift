import QPICore
import QPIWire

/// What a submission and a change to a pending job both check (`field` names the
/// option or key that carried the value).
extension ClusterController {
    /// Shots per circuit within 1...MaxShots; `field` names the option or key.
    func checkShots(_ shots: Int, field: String) throws(WireError) {
        guard (1...self.settings.maxShots).contains(shots) else {
            throw WireError(
                .invalidArgument, "shots must be between 1 and \(self.settings.maxShots), got \(shots)", field: field)
        }
    }

    /// A time limit of at least a second and at most MaxTime.
    func checkTimeLimit(_ seconds: Int, field: String) throws(WireError) {
        guard seconds >= 1 else {
            throw WireError(.invalidArgument, "time limit must be at least 1 second, got \(seconds)", field: field)
        }
        guard seconds <= self.settings.maxTimeSeconds else {
            throw WireError(
                .invalidArgument,
                "time limit \(DurationText.slurmFormat(seconds: seconds)) exceeds MaxTime "
                    + DurationText.slurmFormat(seconds: self.settings.maxTimeSeconds),
                field: field)
        }
    }

    /// A QPU that exists and has `qubits`, or with none asked for, some QPU that has them.
    func checkQPU(_ wanted: String?, qubits: Int, field: String) throws(WireError) {
        if let wanted {
            guard let member = self.fleet[wanted] else {
                throw WireError(
                    .invalidArgument, "unknown QPU '\(wanted)' (known: \(self.fleet.knownNames))", field: field)
            }
            guard member.qpu.qubits >= qubits else {
                throw WireError(
                    .invalidArgument, "the job needs \(qubits) qubits but QPU '\(wanted)' has \(member.qpu.qubits)",
                    field: field)
            }
        } else if let largest = self.fleet.members.values.map(\.qpu.qubits).max(), largest < qubits {
            throw WireError(
                .invalidArgument, "the job needs \(qubits) qubits but the largest QPU has \(largest)", field: "qubits")
        }
    }
}
