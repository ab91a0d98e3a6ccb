import QPICore
import QPIStore
import QPIWire

extension ClusterController {
    /// Longest submission id accepted; a UUID takes 36 characters.
    static let maxSubmissionIDLength = 128

    /// Refuses an empty, overlong or non-printable submission id.
    static func checkSubmissionID(_ request: SubmitRequest) throws(WireError) {
        guard let submissionID = request.submissionID else { return }
        guard !submissionID.isEmpty, submissionID.count <= Self.maxSubmissionIDLength,
            submissionID.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F })
        else {
            throw WireError(
                .invalidArgument,
                "a submission id must be 1 to \(Self.maxSubmissionIDLength) printable ASCII characters without spaces",
                field: "submissionID")
        }
    }

    /// The job an earlier request with the same submission id created. Asked only when a
    /// submission is refused, so that a retry (after a lost answer or a controller crash) is
    /// not refused by limits that the first job now counts against; an accepted retry finds
    /// its first job in the same transaction as the insert it then skips.
    func earlierSubmission(_ request: SubmitRequest, by caller: Caller) async throws(WireError) -> JobID? {
        guard let submissionID = request.submissionID else { return nil }
        let user = caller.user
        return try await self.readStore("submission id '\(submissionID)'") {
            try $0.job(submittedAs: submissionID, by: user)?.id
        }
    }
}
