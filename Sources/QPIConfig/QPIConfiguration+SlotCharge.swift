extension QPIConfiguration {
    /// Who is charged qpu_seconds for booked time that nobody's job used.
    public enum SlotCharge: String, Sendable, Hashable, CaseIterable {
        /// Nobody: idle slot time is lent to other users, who pay for what they use.
        ///
        /// The only policy so far. Charging the booker for idle booked time (Slurm's and
        /// Braket's model) needs a once-only charge at each slot's end and is not built, so
        /// `booker` is refused rather than accepted and ignored.
        case none
    }
}
