import CNNG

extension NNGSocket {
    /// Queues `bytes` for a peer; returns once NNG has taken the message.
    /// - Parameter timeout: How long to wait for buffer space or a peer; nil waits forever.
    /// - Throws: ``NNGError`` (`.timedOut`, `.closed`) or `CancellationError`.
    func sendMessage(_ bytes: [UInt8], timeout: Duration?) async throws {
        let message = try NNGMessage.make(bytes)
        // Usually the send buffer has room: skip the aio and its task switch.
        let status = nng_sendmsg(self.id, message, .nngNonBlocking)
        if status == 0 {
            return
        }
        guard status == .nngTryAgain else {
            nng_msg_free(message)
            throw NNGError.send(status)
        }
        let aio: AsyncIO
        do {
            aio = try AsyncIO()
        } catch {
            nng_msg_free(message)
            throw error
        }
        aio.setMessage(message)
        let sent = await aio.run(timeout: timeout) { nng_send_aio(self.id, $0) }
        if sent != 0 {
            aio.discardMessage()
            throw NNGError.send(sent).reportedToTask
        }
    }

    /// The next message from any peer.
    /// - Parameter timeout: How long to wait; nil waits forever.
    /// - Throws: ``NNGError`` (`.timedOut`, `.closed`) or `CancellationError`.
    func receiveMessage(timeout: Duration?) async throws -> [UInt8] {
        NNGMessage.consume(try await self.receiveNNGMessage(timeout: timeout))
    }

    /// The next message from any peer, with the id of the pipe it came over.
    func receiveMessageWithPipe(timeout: Duration?) async throws -> (bytes: [UInt8], pipeID: Int) {
        NNGMessage.consumeWithPipe(try await self.receiveNNGMessage(timeout: timeout))
    }

    /// A queued message with its pipe id, or nil when none is queued; never waits.
    func receiveMessageIfReady() throws -> (bytes: [UInt8], pipeID: Int)? {
        try self.queuedNNGMessage().map(NNGMessage.consumeWithPipe)
    }

    /// Closes one peer's connection, leaving the socket and other peers as they are; a
    /// pipe already gone is no error.
    func closePipe(_ pipeID: Int) {
        _ = nng_pipe_close(nng_pipe(id: UInt32(truncatingIfNeeded: pipeID)))
    }

    /// A message already queued, owned by the caller; nil when none is.
    private func queuedNNGMessage() throws -> OpaquePointer? {
        var message: OpaquePointer?
        let status = nng_recvmsg(self.id, &message, .nngNonBlocking)
        if status == 0, let message { return message }
        guard status == .nngTryAgain else { throw NNGError.receive(status) }
        return nil
    }

    /// The next message, owned by the caller.
    private func receiveNNGMessage(timeout: Duration?) async throws -> OpaquePointer {
        // Usually a message is already queued: skip the aio and its task switch.
        if let message = try self.queuedNNGMessage() { return message }
        let aio = try AsyncIO()
        let received = await aio.run(timeout: timeout) { nng_recv_aio(self.id, $0) }
        guard received == 0, let message = aio.takeMessage() else {
            throw NNGError.receive(received).reportedToTask
        }
        return message
    }
}
