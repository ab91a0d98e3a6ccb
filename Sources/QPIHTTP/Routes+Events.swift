import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIWire

extension APIRoutes {
    /// `GET /api/events`: Server-Sent Events of job and QPU changes, for the dashboard's
    /// live views. Each event is `event: job` or `event: qpu` with the object as `data:`.
    mutating func addEventRoutes() {
        self.add(.get, "/api/events", auth: .user) { call in
            let stream = await call.services.changes.subscribe()
            let body = ResponseBody { writer in
                let encoder = APIJSON.encoder
                try await writer.write(ByteBuffer(string: ": connected\n\n"))
                for await event in stream {
                    let text: String
                    switch event {
                    case .job(let job):
                        text =
                            "event: job\ndata: \(String(decoding: try encoder.encode(JobJSON(job)), as: UTF8.self))\n\n"
                    case .qpu(let status):
                        text =
                            "event: qpu\ndata: \(String(decoding: try encoder.encode(QPUJSON(status)), as: UTF8.self))\n\n"
                    case .keepAlive:
                        text = ": keep-alive\n\n"
                    }
                    try await writer.write(ByteBuffer(string: text))
                }
                try await writer.finish(nil)
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                body: body)
        }
    }
}
