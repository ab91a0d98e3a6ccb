import Dispatch
import QPIAuth
import QPICore
import QPITesting
import Synchronization
import Testing

/// Measures munge encode and decode rates and prints them; asserts only correctness, since
/// the machine is shared.
struct MungeThroughputTests {
    @Test(arguments: [1, 2, 4])
    func decodeRate(threads: Int) throws {
        let daemon = try MungeDaemon()
        let credentials = daemon.credentials
        let count = 1_200
        let encodeStart = ContinuousClock.now
        let encoded = try (0..<count).map { index in try credentials.encode(payload: [UInt8(truncatingIfNeeded: index)])
        }
        let encodeElapsed = ContinuousClock.now - encodeStart

        let failures = Atomic(0)
        let decodeStart = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in stride(from: thread, to: count, by: threads) {
                do {
                    let verified = try credentials.decode(encoded[index])
                    if verified.payload != [UInt8(truncatingIfNeeded: index)] {
                        failures.add(1, ordering: .relaxed)
                    }
                } catch {
                    failures.add(1, ordering: .relaxed)
                }
            }
        }
        let decodeElapsed = ContinuousClock.now - decodeStart
        #expect(failures.load(ordering: .relaxed) == 0)
        print(
            "munge: encode \(Int(Double(count) / encodeElapsed.totalSeconds))/s on 1 thread,",
            "decode \(Int(Double(count) / decodeElapsed.totalSeconds))/s on \(threads) threads"
        )
    }
}
