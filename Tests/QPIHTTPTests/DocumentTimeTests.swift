import Foundation
import HTTPTypes
import QPICore
import QPIDocuments
import QPIWire
import Testing

@testable import QPIHTTP

/// Documents write times as RFC 3339 in UTC, to the millisecond; request bodies read them
/// with any offset, or as seconds since the Unix epoch.
struct DocumentTimeTests {
    @Test func timesAreWrittenInUTCWithMillisecondsOnlyWhenTheyHaveSome() {
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 1_796_600_101)) == "2026-12-06T23:35:01Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 1_796_600_101.25)) == "2026-12-06T23:35:01.250Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 1_796_600_101.007)) == "2026-12-06T23:35:01.007Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 1_796_600_101.9996)) == "2026-12-06T23:35:02Z")
    }

    @Test func aDocumentCarriesItsTimesAsRFC3339AndNullWhenUnset() throws {
        let slot = Slot(
            id: 1, name: "calibration", user: "alice", qpu: nil, start: 1_796_600_101.25, end: 1_796_603_701,
            createdBy: "alice", createdAt: 1_796_500_000)
        let text = String(decoding: try APIJSON.encoder.encode(SlotJSON(slot)), as: UTF8.self)
        #expect(text.contains(#""start":"2026-12-06T23:35:01.250Z""#), "\(text)")
        #expect(text.contains(#""end":"2026-12-07T00:35:01Z""#), "\(text)")
        #expect(text.contains(#""qpu":null"#), "\(text)")
        #expect(try APIJSON.decoder.decode(SlotJSON.self, from: Data(text.utf8)) == SlotJSON(slot))
    }

    @Test func bodiesTakeRFC3339WithAnyOffsetOrEpochSeconds() throws {
        let body = #"{"start": "2026-12-07T00:35:01.5+01:00", "end": 1796603701}"#
        let booked = try BodyDecoding.decode(BookBody.self, from: Data(body.utf8))
        #expect(booked.start.timeIntervalSince1970 == 1_796_600_101.5)
        #expect(booked.end.timeIntervalSince1970 == 1_796_603_701)
    }

    @Test func aTimeThatIsNeitherIsRefusedNamingItsField() {
        for start in [#""tomorrow""#, #""2026-12-06 23:35:01""#, "true"] {
            do {
                _ = try BodyDecoding.decode(BookBody.self, from: Data(#"{"start": \#(start), "end": 1}"#.utf8))
                Issue.record("start \(start) was read as a time")
            } catch let error as APIError {
                #expect(error.status == .unprocessableContent && error.wire.field == "start", "\(start): \(error)")
            } catch {
                Issue.record("start \(start): \(error)")
            }
        }
    }
}
