import QPICore

/// First in, first out: jobs in submission order each take the first free QPU that can
/// run them.
///
/// A job that names a QPU waits for that QPU; one that does not goes to any free QPU
/// with enough qubits (by name order, so plans are deterministic). A job that waits
/// does not stop later jobs from using QPUs it could not use.
public enum FIFOPolicy {
    public static func plan(_ snapshot: SchedulerSnapshot) -> Plan {
        var plan = Plan()
        let qpus = snapshot.qpus.sorted { $0.name < $1.name }
        var free = Set(qpus.filter { $0.state == .idle }.map(\.name))
        let ordered = snapshot.pending.sorted { ($0.submitTime, $0.id) < ($1.submitTime, $1.id) }
        for job in ordered {
            if job.held {
                plan.reasons[job.id] = .held
                continue
            }
            let candidates = qpus.filter { qpu in
                qpu.qubits >= job.qubits && (job.requestedQPU == nil || job.requestedQPU == qpu.name)
            }
            if candidates.isEmpty {
                plan.reasons[job.id] = .badConstraints
                continue
            }
            if let chosen = candidates.first(where: { free.contains($0.name) }) {
                free.remove(chosen.name)
                plan.placements.append(Plan.Placement(jobID: job.id, qpu: chosen.name))
                continue
            }
            let usable = candidates.contains { $0.state == .idle || $0.state == .allocated }
            plan.reasons[job.id] = usable ? .resources : .qpuDown
        }
        return plan
    }
}
