extension Schema {
    /// A job's earliest start (`qsub --begin`, seconds since the Unix epoch) and the user's
    /// comment; both kept with the finished job for accounting.
    static let v10JobDetails = """
        ALTER TABLE jobs ADD COLUMN begin_time REAL;
        ALTER TABLE jobs ADD COLUMN comment TEXT;
        """
}
