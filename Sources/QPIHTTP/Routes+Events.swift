import Foundation
import HTTPTypes
import Hummingbird
import QPIController
import QPICore
import QPIDocuments
import QPIWire

extension APIRoutes {
    /// How often an open event stream checks that its token is still valid, in seconds.
    static let tokenRecheckSeconds = 5.0

    /// `GET /api/events`: Server-Sent Events of job and QPU changes, for the dashboard's
    /// live views. Each event is `event: job` or `event: qpu` with the object as `data:`.
    /// The caller's token is checked again every ``tokenRecheckSeconds`` (at the latest with
    /// the next keep-alive): a revoked or expired token ends the stream with `event: error`.
    mutating func addEventRoutes() {
        self.add(.get, "/api/events", auth: .user) { call in
            let caller = try call.user()
            let stream = try await call.services.changes.subscribe(caller)
            let bearer = call.bearer ?? ""
            let controller = call.controller
            let now = call.services.now
            let body = ResponseBody { writer in
                let encoder = APIJSON.encoder
                try await writer.write(ByteBuffer(string: ": connected\n\n"))
                var checked = now()
                for await event in stream {
                    if now() - checked >= Self.tokenRecheckSeconds {
                        checked = now()
                        do throws(WireError) {
                            _ = try await controller.verifyAPIToken(bearer)
                        } catch {
                            let body = try encoder.encode(APIError.ErrorBody(error: error))
                            try await writer.write(
                                ByteBuffer(string: "event: error\ndata: \(String(decoding: body, as: UTF8.self))\n\n"))
                            break
                        }
                    }
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
