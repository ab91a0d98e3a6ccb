extension Schema {
    /// Where a job's end document is posted (`qsub --notify-url`), and how that went.
    static let v13Notify = """
        ALTER TABLE jobs ADD COLUMN notify_url TEXT;
        ALTER TABLE jobs ADD COLUMN notify_status TEXT;
        """
}
