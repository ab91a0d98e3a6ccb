extension Schema {
    /// A job's options for its executor (`qsub --executor-option`), as a JSON object of
    /// strings; NULL for none. They are dispatched again after a requeue, so they live
    /// with the job rather than only in the submission.
    static let v11ExecutorOptions = """
        ALTER TABLE jobs ADD COLUMN executor_options TEXT;
        """
}
