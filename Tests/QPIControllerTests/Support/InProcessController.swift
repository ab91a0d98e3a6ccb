import Logging
import Prometheus
import QPIController
import QPIControllerDaemon
import QPICore
import QPIStore
import QPITesting
import QPIWire
import Synchronization

/// A controller with one QPU, q1, whose node has connected through a recording link.
struct InProcessController {
    let directory: TemporaryDirectory
    let registry = PrometheusCollectorRegistry()
    let clock = ManualClock(start: 1_000_000)
    let controller: ClusterController
    let link = RecordingLink()

    init(settings: ControllerSettings = ControllerSettings()) async throws {
        self.directory = try TemporaryDirectory(prefix: "qpi-controller")
        let store = try JobStore.open(directory: self.directory.path)
        let qpu = QPU(name: "q1", executor: "sim", qubits: 8)
        _ = try await store.upsertQPU(qpu, time: self.clock.now())
        let clock = self.clock
        self.controller = ClusterController(
            settings: settings, store: store, qpus: [qpu], logger: Logger(label: "test"),
            now: { clock.now() }, metricsFactory: ControllerDaemon.metricsFactory(self.registry))
        try await self.controller.start()
        _ = await self.controller.nodeConnected(
            NodeHello(session: 1, qpu: "q1", executor: "sim", qubits: 8, running: [], spooled: []), link: self.link)
        await self.controller.nodeWelcomed(qpu: "q1", link: self.link, session: 1)
    }

    func caller(_ user: String) -> Caller {
        Caller(user: user, uid: user == "alice" ? 50_001 : 50_002, isAdmin: false)
    }

    func request(held: Bool = false) -> SubmitRequest {
        SubmitRequest(
            scripts: [ScriptFile(name: "bell.qasm", text: "OPENQASM 3.0;\nqubit[2] q;\n")],
            options: JobOptions(shots: 8), circuitCount: 1, qubits: 2, hold: held)
    }

    /// Submits a job and waits for the scheduler to send it to q1.
    func submitAndDispatch(user: String) async throws -> JobRef {
        let id = try await self.controller.submit(self.request(), by: self.caller(user))
        return try await self.dispatch(of: id, on: self.link)
    }

    /// Waits for the scheduler to send job `id` to q1 again, under another dispatch than `earlier`.
    func nextDispatch(of id: JobID, after earlier: JobRef) async throws -> JobRef {
        let limit = Duration.seconds(30)
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let ref = self.link.dispatches(of: id).first(where: { $0 != earlier }) { return ref }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw HarnessError("job \(id) was not dispatched again within \(limit)")
    }

    /// Waits for the scheduler to send job `id` over `link`.
    func dispatch(of id: JobID, on link: RecordingLink) async throws -> JobRef {
        let limit = Duration.seconds(30)
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let ref = link.dispatched(id) { return ref }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw HarnessError("job \(id) was not dispatched within \(limit)")
    }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let time: Mutex<Double>

    init(start: Double) {
        self.time = Mutex(start)
    }

    func now() -> Double {
        self.time.withLock { $0 }
    }

    func advance(_ seconds: Double) {
        self.time.withLock { $0 += seconds }
    }
}

/// The node's end, reduced to remembering what the controller sent.
final class RecordingLink: NodeLink {
    private let sent = Mutex<[ControllerMessage]>([])

    func send(_ message: ControllerMessage) async throws {
        self.sent.withLock { $0.append(message) }
    }

    func drop() {}

    /// Every dispatch of job `id` sent so far, in order.
    func dispatches(of id: JobID) -> [JobRef] {
        self.sent.withLock { messages in
            messages.compactMap { message in
                guard case .dispatch(let dispatch) = message, dispatch.ref.jobID == id else { return nil }
                return dispatch.ref
            }
        }
    }

    /// Every dispatch sent so far, in order.
    var allDispatches: [JobRef] {
        self.sent.withLock { messages in
            messages.compactMap { message in
                guard case .dispatch(let dispatch) = message else { return nil }
                return dispatch.ref
            }
        }
    }

    /// Every result acknowledged so far (the node may drop it from its spool), in order.
    var acknowledged: [JobRef] {
        self.sent.withLock { messages in
            messages.compactMap { message in
                guard case .resultStored(let ref) = message else { return nil }
                return ref
            }
        }
    }

    /// Every cancel sent so far, in order.
    var cancels: [JobRef] {
        self.sent.withLock { messages in
            messages.compactMap { message in
                guard case .cancel(let ref) = message else { return nil }
                return ref
            }
        }
    }

    func dispatched(_ id: JobID) -> JobRef? {
        self.sent.withLock { messages in
            for case .dispatch(let dispatch) in messages where dispatch.ref.jobID == id { return dispatch.ref }
            return nil
        }
    }
}
