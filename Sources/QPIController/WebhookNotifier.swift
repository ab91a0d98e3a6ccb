import Foundation
import Logging
import QPICore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Posts ended jobs' documents to their `--notify-url`, as Slurm's strigger or a CI
/// system's webhooks do: JSON in a POST, retried with backoff, never on the controller's
/// path.
///
/// Each delivery runs in a task of its own, at most `maxRunning` at once. A 2xx answer is
/// delivery; a network error, a 5xx, 408 or 429 is tried again after 1, 2, 4 and 8
/// seconds; any other answer, a redirect included (it would lead to an address nobody
/// checked), ends the delivery as failed. Before each attempt the host is checked again
/// against `NotifyAllowedHosts`. How it went is reported to `record` after each attempt
/// that fails and once at the end, and `qstat -j` shows it.
actor WebhookNotifier {
    struct Delivery: Sendable {
        var jobID: JobID
        var url: WebhookURL
        var document: Data
    }

    /// Waits before the second and later attempts.
    static let backoff: [Duration] = [.seconds(1), .seconds(2), .seconds(4), .seconds(8)]
    static let timeout: TimeInterval = 10

    private let turns: TurnLimit
    private let logger: Logger
    private let session: URLSession

    init(maxRunning: Int = 4, logger: Logger) {
        self.turns = TurnLimit(width: maxRunning)
        self.logger = logger
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = Self.timeout
        configuration.timeoutIntervalForResource = Self.timeout
        configuration.httpCookieStorage = nil
        self.session = URLSession(configuration: configuration, delegate: RefuseRedirects(), delegateQueue: nil)
    }

    /// Delivers in the background. `allowed` answers whether the host may still be posted
    /// to; `record` stores each status line.
    nonisolated func post(
        _ delivery: Delivery, allowed: @escaping @Sendable (WebhookURL) async -> Bool,
        record: @escaping @Sendable (String) async -> Void
    ) {
        Task { await self.turns.run { await self.deliver(delivery, allowed: allowed, record: record) } }
    }

    private func deliver(
        _ delivery: Delivery, allowed: @Sendable (WebhookURL) async -> Bool, record: @Sendable (String) async -> Void
    ) async {
        let attempts = Self.backoff.count + 1
        for attempt in 1...attempts {
            if attempt > 1 { try? await Task.sleep(for: Self.backoff[attempt - 2]) }
            guard await allowed(delivery.url) else {
                await record("failed: \(delivery.url.host) is no longer in NotifyAllowedHosts")
                return
            }
            let outcome = await self.attempt(delivery)
            switch outcome {
            case .delivered(let status):
                await record("delivered (HTTP \(status), attempt \(attempt) of \(attempts))")
                return
            case .retry(let why) where attempt < attempts:
                await record("retrying: \(why) (attempt \(attempt) of \(attempts))")
            case .retry(let why), .fail(let why):
                self.logger.warning(
                    "job end webhook failed: \(why)", metadata: ["job": "\(delivery.jobID)", "url": "\(delivery.url)"])
                await record("failed: \(why) (attempt \(attempt) of \(attempts))")
                return
            }
        }
    }

    private enum Outcome {
        case delivered(Int)
        case retry(String)
        case fail(String)
    }

    private func attempt(_ delivery: Delivery) async -> Outcome {
        guard let url = URL(string: delivery.url.text) else { return .fail("the URL does not parse") }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = delivery.document
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("qpictld", forHTTPHeaderField: "User-Agent")
        request.setValue("\(delivery.jobID)", forHTTPHeaderField: "X-QPI-Job-ID")
        do {
            let (_, response) = try await self.session.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            switch status {
            case 200..<300: return .delivered(status)
            case 408, 429, 500..<600: return .retry("HTTP \(status)")
            case 300..<400: return .fail("HTTP \(status): redirects are not followed")
            default: return .fail("HTTP \(status)")
            }
        } catch {
            return .retry(error.localizedDescription)
        }
    }
}

/// Hands every redirect back as the answer: the controller posts to checked hosts only.
private final class RefuseRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
