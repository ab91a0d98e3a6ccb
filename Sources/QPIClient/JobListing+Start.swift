import QPICore
import QPIWire

/// `qstat --start`: pending jobs with their expected starts, as `squeue --start` prints them.
extension JobListing {
    public static func starts(_ estimates: [StartEstimate], header: Bool = true) -> String {
        var table = TextTable(columns: [
            .init("JOBID", .right), .init("NAME"), .init("USER"), .init("QPU"), .init("ST"), .init("POSITION", .right),
            .init("START_TIME"), .init("SCHED_QPU"), .init("NODELIST(REASON)"),
        ])
        for estimate in estimates {
            let job = estimate.job
            table.append([
                job.reference.description, Self.truncated(job.name, 12), Self.truncated(job.user, 10), job.listedQPU,
                job.state.code, String(estimate.position), estimate.startTime.map(Self.timestamp) ?? "N/A",
                estimate.qpu ?? "(null)", job.listedLocation,
            ])
        }
        return table.render(header: header)
    }
}
