import Foundation
import Logging
import QPICore
import QPIDocuments
import QPIStore

extension ClusterController {
    /// Posts an ended job's document (the API's job JSON) to its `--notify-url`, off the actor.
    func notifyEnd(of job: Job) {
        guard let text = job.notifyURL, case .success(let url) = WebhookURL.parse(text) else { return }
        let document: Data
        do {
            document = try APIJSON.encoder.encode(JobJSON(job))
        } catch {
            self.logger.error("cannot encode job \(job.id) for its webhook: \(error)")
            return
        }
        let store = self.store
        let logger = self.logger
        self.webhooks.post(
            WebhookNotifier.Delivery(jobID: job.id, url: url, document: document),
            allowed: { [weak self] url in await self?.settings.notifyAllowedHosts.allows(url) ?? false },
            record: { status in
                do {
                    try await store.setNotifyStatus(job.id, status)
                } catch {
                    logger.warning("cannot record job \(job.id)'s webhook status '\(status)': \(error)")
                }
            })
    }

    /// How far back a restarted controller looks for end documents it had not delivered.
    static let webhookResumeWindow: Double = 86_400

    /// Posts again the end documents whose delivery a stop cut short (not yet tried, or
    /// between retries). Delivery is therefore at least once: a receiver tells a repeat by
    /// its `X-QPI-Job-ID`.
    func resumeWebhooks() {
        let unfinished: [Job]
        do {
            unfinished = try self.store.jobsAwaitingWebhook(endedSince: self.now() - Self.webhookResumeWindow)
        } catch {
            self.logger.warning("cannot look for job end webhooks to resume: \(error)")
            return
        }
        guard !unfinished.isEmpty else { return }
        self.logger.info("resuming job end webhooks", metadata: ["jobs": "\(unfinished.count)"])
        for job in unfinished { self.notifyEnd(of: job) }
    }
}
