extension Schema {
    /// Booked time slots are called slots in every type, key and route; the table follows.
    static let v15Slots = """
        ALTER TABLE reservations RENAME TO slots;
        DROP INDEX reservations_end;
        CREATE INDEX slots_end ON slots (end_time);
        """
}
