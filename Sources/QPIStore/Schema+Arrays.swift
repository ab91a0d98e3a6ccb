extension Schema {
    /// Job arrays (`qsub --array`): each task is a job of its own that also records its
    /// array (the first task's id, as Slurm numbers arrays), its index and the array's bound
    /// on running tasks. The index finds an array's tasks for `qcancel`, `qresult` and
    /// dependencies on a whole array.
    static let v14Arrays = """
        ALTER TABLE jobs ADD COLUMN array_job_id INTEGER;
        ALTER TABLE jobs ADD COLUMN array_task_id INTEGER;
        ALTER TABLE jobs ADD COLUMN array_task_limit INTEGER;
        CREATE INDEX jobs_by_array ON jobs (array_job_id, array_task_id) WHERE array_job_id IS NOT NULL;
        """
}
