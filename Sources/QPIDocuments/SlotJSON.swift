public import FoundationEssentials
public import QPICore

/// A booked time slot; `qpu` null for a slot on every QPU.
public struct SlotJSON: Codable, Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var user: String
    public var qpu: String?
    public var start: Date
    public var end: Date
    public var createdBy: String
    public var createdAt: Date

    public init(_ slot: Slot) {
        self.id = slot.id
        self.name = slot.name
        self.user = slot.user
        self.qpu = slot.qpu
        self.start = Date(timeIntervalSince1970: slot.start)
        self.end = Date(timeIntervalSince1970: slot.end)
        self.createdBy = slot.createdBy
        self.createdAt = Date(timeIntervalSince1970: slot.createdAt)
    }

    enum CodingKeys: String, CodingKey { case id, name, user, qpu, start, end, createdBy, createdAt }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.id, forKey: .id)
        try container.encode(self.name, forKey: .name)
        try container.encode(self.user, forKey: .user)
        try container.encode(self.qpu, forKey: .qpu)
        try container.encode(self.start, forKey: .start)
        try container.encode(self.end, forKey: .end)
        try container.encode(self.createdBy, forKey: .createdBy)
        try container.encode(self.createdAt, forKey: .createdAt)
    }
}
