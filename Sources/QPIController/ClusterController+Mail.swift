import QPICore

extension ClusterController {
    /// Mails an ended job's `--mail-user` if its `--mail-type` asks for this end, with
    /// Slurm's subject line (`QPI Job_id=42 Name=bell Ended, Run time 00:00:01, COMPLETED`).
    func mailEnd(of job: Job) {
        guard let address = job.mailUser else { return }
        let types = Set((job.mailType ?? "END").split(separator: ",").map(String.init))
        let failed = job.state != .completed && job.state != .cancelled
        guard types.contains("ALL") || types.contains("END") || (failed && types.contains("FAIL")) else { return }
        let runTime = job.startTime.map { Int(max(0, (job.endTime ?? $0) - $0)) } ?? 0
        let subject =
            "QPI Job_id=\(job.id) Name=\(job.name) \(failed ? "Failed" : "Ended"), "
            + "Run time \(DurationText.slurmFormat(seconds: runTime)), \(job.state.rawValue)"
        var body = "Job \(job.id) (\(job.name)) of \(job.user) ended \(job.state.rawValue)"
        if let qpu = job.qpu { body += " on \(qpu)" }
        body += ".\n"
        if let message = job.message { body += "\(message)\n" }
        self.mailer.post(
            Mailer.Notice(program: self.settings.mailProg, subject: subject, address: address, body: body))
    }
}
