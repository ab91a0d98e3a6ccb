import QPICore
import QPIWire

extension ControllerClient {
    /// Tries of one submission: the first and the retries after a replayed credential.
    static let submitAttempts = 3

    /// Submits `request` and returns its job's id, resending it when the controller
    /// refused the credential as replayed.
    ///
    /// That refusal is what a controller restart looks like from here: NNG sends a request
    /// whose answer was lost again, credential and all, to the restarted controller, and
    /// munged accepts a credential once. The first copy may have been stored before the
    /// crash, so the resend is only safe with a `submissionID`: the controller then answers
    /// with the job the first copy created. Without one the refusal is returned as it is.
    public func submit(_ request: SubmitRequest) async throws(ClientError) -> JobID {
        var attempt = 1
        while true {
            do {
                return try await self.call(request).jobID
            } catch {
                guard request.submissionID != nil, attempt < Self.submitAttempts, Self.isReplayRefusal(error) else {
                    throw error
                }
                attempt += 1
            }
        }
    }

    /// MungeAuthenticator's refusal of a replayed credential: its message ends with
    /// munge's code in brackets.
    static func isReplayRefusal(_ error: ClientError) -> Bool {
        error.wire?.code == .unauthenticated && error.message.contains("[replayed]")
    }
}
