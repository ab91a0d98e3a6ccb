import Foundation
import QPICore
import QPIDocuments
import Testing

/// A `SnakeCaseKeyedDocument` is served without the encoder's key conversion: it must come
/// out byte for byte as the converting encoder writes it, and read back through the decoder.
struct SnakeKeyedDocumentTests {
    /// Every optional set, so every key is written with a value.
    static let job: Job = {
        var job = Job(
            id: 12, name: "sweep", user: "alice", uid: 1000, requestedQPU: "sim0", shots: 100, circuitCount: 2,
            qubits: 3, timeLimitSeconds: 60, submitTime: 1_796_600_101.25, priority: 5,
            dependency: nil, beginTime: 1_796_600_200)
        job.qpu = "sim1"
        job.reason = .resources
        job.startTime = 1_796_600_300
        job.endTime = 1_796_600_360.5
        job.message = "done"
        job.qpuSeconds = 1.5
        job.requeueCount = 1
        job.comment = "calibration"
        job.executorOptions = ["shotBatch": "10"]
        job.notifyURL = "http://127.0.0.1:9/hook"
        job.notifyStatus = "delivered"
        job.array = JobArrayTask(arrayJobID: 12, taskID: 0, limit: nil)
        return job
    }()

    @Test func aPageOfJobsIsWrittenAsTheConvertingEncoderWritesIt() throws {
        let page = ListJSON(items: [
            JobJSON(Self.job),
            JobJSON(
                Job(
                    id: 13, name: "bare", user: "bob", uid: 1001, shots: 1, circuitCount: 1, qubits: 1,
                    timeLimitSeconds: 60, submitTime: 1_796_600_101)),
        ])
        let converted = try APIJSON.encoder.encode(page)
        let direct = try APIJSON.snakeKeyedEncoder.encode(page)
        #expect(String(decoding: direct, as: UTF8.self) == String(decoding: converted, as: UTF8.self))
        #expect(String(decoding: direct, as: UTF8.self).contains(#""executor_options":{"shotBatch":"10"}"#))
        #expect(try APIJSON.decoder.decode(ListJSON<JobJSON>.self, from: direct).items == page.items)
    }
}
