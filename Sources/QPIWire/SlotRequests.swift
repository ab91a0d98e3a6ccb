import QPICore

/// Books a time slot (`qres book`). Times are resolved by the client, so `now+30m` means
/// the caller's now.
public struct BookRequest: WireRequest {
    public static let type = "book"
    /// The QPU to book; nil books every QPU.
    public var qpu: String?
    public var start: Double
    public var end: Double
    /// Who the slot is for; nil for the caller. Only admins book for others.
    public var user: String?
    public var name: String?

    public init(qpu: String?, start: Double, end: Double, user: String? = nil, name: String? = nil) {
        self.qpu = qpu
        self.start = start
        self.end = end
        self.user = user
        self.name = name
    }

    public struct Response: Codable, Sendable, Hashable {
        public var slot: Slot
        public init(slot: Slot) { self.slot = slot }
    }
}

/// Lists slots that have not ended (`qres list`); nil filters select all.
public struct ListSlotsRequest: WireRequest {
    public static let type = "list_slots"
    public var qpu: String?
    public var user: String?
    public init(qpu: String? = nil, user: String? = nil) {
        self.qpu = qpu
        self.user = user
    }

    public struct Response: Codable, Sendable, Hashable {
        public var slots: [Slot]
        public init(slots: [Slot]) { self.slots = slots }
    }
}

/// One slot (`qres show`).
public struct ShowSlotRequest: WireRequest {
    public static let type = "show_slot"
    public var id: Int64
    public init(id: Int64) { self.id = id }

    public typealias Response = BookRequest.Response
}

/// Cancels a slot (`qres cancel`): its booker or an admin.
public struct CancelSlotRequest: WireRequest {
    public static let type = "cancel_slot"
    public var id: Int64
    public init(id: Int64) { self.id = id }

    public typealias Response = BookRequest.Response
}

/// Holds or releases pending jobs (`qctl job hold|release`).
public struct HoldJobsRequest: WireRequest {
    public static let type = "hold_jobs"
    public var ids: [JobID]
    /// Jobs as users name them: `12_3` one task of an array, `12` an array's pending tasks.
    public var references: [JobReference]?
    /// True holds, false releases.
    public var hold: Bool
    public init(ids: [JobID], hold: Bool, references: [JobReference]? = nil) {
        self.ids = ids
        self.hold = hold
        self.references = references
    }

    public struct Response: Codable, Sendable, Hashable {
        /// Jobs whose hold changed.
        public var changed: [JobID]
        public var refused: [CancelRequest.Refusal]
        public init(changed: [JobID], refused: [CancelRequest.Refusal]) {
            self.changed = changed
            self.refused = refused
        }
    }
}
