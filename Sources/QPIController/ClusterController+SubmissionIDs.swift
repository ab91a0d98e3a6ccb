import QPICore
import QPIStore
import QPIWire

extension ClusterController {
    /// Longest submission id accepted; a UUID takes 36 characters.
    static let maxSubmissionIDLength = 128

    /// The job an earlier request with the same submission id created, so that a retry
    /// (after a lost answer or a controller crash) neither creates a second job nor is
    /// refused by limits that the first job now counts against.
    ///
    /// - Throws: `.invalidArgument` for an empty, overlong or non-printable id.
    func earlierSubmission(_ request: SubmitRequest, by caller: Caller) throws(WireError) -> JobID? {
        guard let submissionID = request.submissionID else { return nil }
        guard !submissionID.isEmpty, submissionID.count <= Self.maxSubmissionIDLength,
            submissionID.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F })
        else {
            throw WireError(
                .invalidArgument,
                "a submission id must be 1 to \(Self.maxSubmissionIDLength) printable ASCII characters without spaces",
                field: "submissionID")
        }
        do {
            return try self.store.job(submittedAs: submissionID, by: caller.user)?.id
        } catch {
            throw WireError(.unavailable, "cannot look up submission id '\(submissionID)': \(error)")
        }
    }
}
