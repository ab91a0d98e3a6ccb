import HTTPTypes
import Hummingbird
import NIOCore

extension APIRoutes {
    /// `GET /metrics`: the controller's metrics in Prometheus' text format. Public, as
    /// scrapers usually are, unless `PrivateMetrics`: the series hold counts and user names,
    /// never job contents, and user names are what PrivateMetrics keeps to token holders.
    mutating func addMetricsRoutes() {
        self.add(.get, "/metrics", auth: .anonymous) { call in
            if call.services.settings.privateMetrics {
                _ = try await APICall.authenticated(
                    request: call.request, context: call.context, services: call.services, auth: .user)
            }
            let text = await call.services.scrapeMetrics()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
