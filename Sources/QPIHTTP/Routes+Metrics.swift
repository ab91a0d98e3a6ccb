import HTTPTypes
import Hummingbird
import NIOCore

extension APIRoutes {
    /// `GET /metrics`: the controller's metrics in Prometheus' text format. Public, as
    /// scrapers usually are: the series hold counts and user names, never job contents.
    mutating func addMetricsRoutes() {
        self.add(.get, "/metrics", auth: .anonymous) { call in
            let text = await call.services.scrapeMetrics()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
