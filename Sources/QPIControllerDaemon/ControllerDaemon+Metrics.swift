import CoreMetrics
import Prometheus
import QPIController

extension ControllerDaemon {
    /// swift-metrics handlers that write into `registry`, with histogram buckets fit for
    /// what the controller times: queue waits of seconds to days, node acks and scheduler
    /// passes of milliseconds.
    public static func metricsFactory(_ registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            ControllerMetrics.Name.queueWait: [
                .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(10), .seconds(30),
                .seconds(60), .seconds(300), .seconds(900), .seconds(3_600), .seconds(14_400), .seconds(86_400),
            ],
            ControllerMetrics.Name.dispatchAck: [
                .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                .seconds(5),
            ],
            ControllerMetrics.Name.schedulerPass: [
                .microseconds(100), .microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(10),
                .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5),
            ],
        ]
        return factory
    }
}

extension ControllerDaemon {
    /// What `GET /metrics` serves (Prometheus text format 0.0.4): the gauges and the busy
    /// time of runs in progress brought up to date from `controller`, then all of `registry`.
    public static func scrape(_ controller: ClusterController, registry: PrometheusCollectorRegistry) async -> String {
        await controller.refreshMetrics()
        return registry.emitToString()
    }
}
