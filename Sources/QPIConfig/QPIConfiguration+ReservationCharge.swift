extension QPIConfiguration {
    /// Who is charged qpu_seconds for booked time that nobody's job used.
    public enum ReservationCharge: String, Sendable, Hashable, CaseIterable {
        /// Nobody: idle slot time is lent to other users, who pay for what they use.
        case none
        /// The booker pays for the whole slot, used or not.
        case booker
    }
}
