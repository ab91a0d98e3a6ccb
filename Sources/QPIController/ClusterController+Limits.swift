import QPICore
import QPIWire

extension ClusterController {
    /// MaxQubits, MaxJobFileSize and MaxPendingPerUser: a submission past one is refused
    /// with the limit's name and both numbers.
    func checkLimits(_ request: SubmitRequest, by caller: Caller) throws(WireError) {
        if request.qubits > self.settings.maxQubits {
            throw WireError(
                .invalidArgument,
                "the job needs \(request.qubits) qubits, over MaxQubits=\(self.settings.maxQubits)", field: "qubits")
        }
        for script in request.scripts + (request.taskScripts ?? []).joined()
        where script.text.utf8.count > self.settings.maxJobFileSize {
            throw WireError(
                .tooLarge,
                "job file \(script.name) is \(script.text.utf8.count) bytes, over MaxJobFileSize=\(self.settings.maxJobFileSize)",
                field: "scripts")
        }
        // Counting walks the queue, so it is done only when the queue is large enough for
        // any one user to be at the limit.
        // An array adds all its tasks at once.
        let adding = request.options.array?.tasks.count ?? 1
        guard self.active.count + adding > self.settings.maxPendingPerUser else { return }
        var pending = 0
        for job in self.active.records where job.state == .pending && job.uid == caller.uid { pending += 1 }
        if pending + adding > self.settings.maxPendingPerUser {
            throw WireError(
                .unavailable,
                "\(caller.user) has \(pending) pending jobs"
                    + (adding > 1
                        ? " and submits \(adding) tasks, more than MaxPendingPerUser=\(self.settings.maxPendingPerUser) allows; "
                        : ", the most MaxPendingPerUser=\(self.settings.maxPendingPerUser) allows; ")
                    + "wait for some to start or cancel some", field: "jobs")
        }
    }
}
