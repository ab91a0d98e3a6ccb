extension Schema {
    /// When and where a job's end is mailed (`qsub --mail-type`, `--mail-user`).
    static let v12Mail = """
        ALTER TABLE jobs ADD COLUMN mail_type TEXT;
        ALTER TABLE jobs ADD COLUMN mail_user TEXT;
        """
}
