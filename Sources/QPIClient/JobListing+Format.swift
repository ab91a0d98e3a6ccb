import QPICore
import QPIWire

/// `qstat -o`: squeue's field letters over QPI's jobs (``JobField``, which the controller
/// also computes its compact listing from).
extension JobListing {
    /// The `-o` letters and what they show, for `--help` and error messages.
    public static var formatLetters: String {
        JobField.all.map { "%\($0.letter) \($0.help)" }.joined(separator: "; ")
    }

    /// Reads a `qstat -o` format; an unknown field is named with the known ones.
    public static func format(_ text: String) throws(OutputFormatError) -> OutputFormat {
        try OutputFormat.squeue(text, letters: Set(JobField.all.map(\.letter)))
    }
}
