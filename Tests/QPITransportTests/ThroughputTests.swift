import Foundation
import QPICore
import QPITesting
import QPITransport
import Testing

/// Measures loopback throughput and prints it; asserts only correctness, since the machine is
/// shared. Benchmark a release build: `swift test -c release --filter ThroughputTests`.
struct ThroughputTests {
    @Test(arguments: [1, 8])
    func smallRequestsFromFourClients(inFlightPerClient: Int) async throws {
        let server = try ReplyServer(handler: { $0 })
        let listener = try server.listen(url: loopback())
        let clients = try (0..<4).map { _ in try RequestClient() }
        for client in clients {
            try client.dial(url: listener.url)
            _ = try await client.request([0], timeout: .seconds(5))
        }
        let perStream = 2_400 / inFlightPerClient
        let clock = ContinuousClock()
        let cpuBefore = cpuSeconds()
        let elapsed = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in clients {
                    for _ in 0..<inFlightPerClient {
                        group.addTask {
                            for index in 0..<perStream {
                                let request = [UInt8(truncatingIfNeeded: index), 1, 2, 3]
                                let reply = try await client.request(request, timeout: .seconds(10))
                                #expect(reply == request)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let total = Double(perStream * inFlightPerClient * clients.count)
        let cpu = (cpuSeconds() - cpuBefore) / total * 1e6
        print(
            "req/rep: \(Int(total / elapsed.totalSeconds)) requests/s, \(Int(cpu)) µs CPU each",
            "(4 clients, \(inFlightPerClient) in flight each)"
        )
        await server.close()
    }

    @Test func smallPairMessages() async throws {
        let (sender, receiver) = try connectedPair()
        let count = 20_000
        let clock = ContinuousClock()
        let cpuBefore = cpuSeconds()
        let elapsed = try await clock.measure {
            let sending = Task {
                for index in 0..<count {
                    try await sender.send([UInt8(truncatingIfNeeded: index)], timeout: .seconds(10))
                }
            }
            for _ in 0..<count {
                _ = try await receiver.receive(timeout: .seconds(10))
            }
            try await sending.value
        }
        let cpu = (cpuSeconds() - cpuBefore) / Double(count) * 1e6
        print("pair: \(Int(Double(count) / elapsed.totalSeconds)) messages/s, \(Int(cpu)) µs CPU each")
    }
}

/// CPU time of the whole process (all threads), user plus system.
private func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
    let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    return user + system
}
