import Logging
import QPITransport

extension NodeDaemon {
    /// Where to dial: the munge path asks the controller for the link's URL; the registry
    /// path fetches and pins the CA first, and dials `tls+tcp`. nil once stopped.
    func linkTarget() async throws -> (url: String, tls: TLSConfiguration?)? {
        guard let registry = self.settings.registry else {
            return try await self.linkURL().map { ($0, nil) }
        }
        var delay = 0.1
        while !self.stopping {
            let resolved: (url: String, tls: TLSConfiguration)
            do {
                resolved = try await registry.resolve(maxMessageSize: self.settings.maxMessageSize)
            } catch {
                guard error.transient else { throw error }
                self.logger.notice("controller not reachable yet: \(error)")
                try await Task.sleep(for: .seconds(delay))
                delay = min(delay * 2, 5)
                continue
            }
            self.logger.info("controller's CA matches the pinned fingerprint", metadata: ["link": "\(resolved.url)"])
            return (resolved.url, resolved.tls)
        }
        return nil
    }
}
