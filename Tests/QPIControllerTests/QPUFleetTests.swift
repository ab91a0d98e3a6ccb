import QPICore
import QPIScheduler
import QPIWire
import Testing

@testable import QPIController

/// The QPU fleet and each QPU's node session, as values: no controller, store or daemon.
struct QPUFleetTests {
    static func hello(_ session: UInt64, qpu: String = "q1", qubits: Int = 8, running: [JobRef] = []) -> NodeHello {
        NodeHello(session: session, qpu: qpu, executor: "sim", qubits: qubits, running: running, spooled: [])
    }

    static func ref(_ id: JobID) -> JobRef { JobRef(jobID: id, dispatchID: Int64(id) * 10) }

    /// A fleet with q1 (8 qubits) and q2 (4), q1's node connected and welcomed on `link`.
    static func fleet(link: RecordingLink, now: Double = 100) -> QPUFleet {
        var fleet = QPUFleet(
            declared: [
                QPU(name: "q1", executor: "sim", qubits: 8, state: .idle),
                QPU(name: "q2", executor: "sim", qubits: 4, state: .idle),
            ], now: now)
        _ = fleet.hello(Self.hello(1), on: link, now: now)
        _ = fleet.welcomeSent(qpu: "q1", session: 1, on: link)
        return fleet
    }

    static func state(_ fleet: QPUFleet, _ name: String, depth: Int = 4, slots: [Slot] = []) -> QPUState? {
        fleet.views(depth: depth, slots: slots).first { $0.name == name }?.state
    }

    @Test func aDeclaredQPUIsDownUntilItsNodeIsWelcomed() {
        var fleet = QPUFleet(declared: [QPU(name: "q1", executor: "sim", qubits: 8, state: .idle)], now: 0)
        #expect(fleet["q1"]?.qpu.state == .down)
        let link = RecordingLink()
        let hello1 = fleet.hello(Self.hello(7, qubits: 5), on: link, now: 1)
        #expect(hello1 == .reconcile)
        // Said hello, not yet welcomed: the node would drop a dispatch, so the scheduler sees it down.
        #expect(fleet["q1"]?.qpu.state == .idle)
        #expect(fleet["q1"]?.qpu.qubits == 5)
        #expect(Self.state(fleet, "q1") == .down)
        #expect(fleet.room(on: "q1", depth: 4) == nil)
        let welcome1 = fleet.welcomeSent(qpu: "q1", session: 7, on: link)
        #expect(welcome1)
        #expect(Self.state(fleet, "q1") == .idle)
        #expect(fleet.room(on: "q1", depth: 4) != nil)
        // The welcome counts once.
        let welcome2 = fleet.welcomeSent(qpu: "q1", session: 7, on: link)
        #expect(!welcome2)
        let hello2 = fleet.hello(Self.hello(8, qpu: "nope"), on: link, now: 2)
        #expect(hello2 == nil)
    }

    @Test func aRepeatedHelloOnlyAsksForTheWelcomeAndANewSessionStartsOver() {
        let link = RecordingLink()
        var fleet = Self.fleet(link: link)
        let hello3 = fleet.hello(Self.hello(1), on: link, now: 200)
        #expect(hello3 == .welcomeAgain)
        #expect(fleet["q1"]?.session.welcomed == true)
        #expect(fleet["q1"]?.session.lastSeen == 100)
        // The same node with a new session id, or another link: reconcile, and no jobs until welcomed.
        let hello4 = fleet.hello(Self.hello(2), on: link, now: 300)
        #expect(hello4 == .reconcile)
        #expect(fleet["q1"]?.session.welcomed == false)
        #expect(Self.state(fleet, "q1") == .down)
        // A welcome for the replaced session changes nothing.
        let welcome3 = fleet.welcomeSent(qpu: "q1", session: 1, on: link)
        #expect(!welcome3)
        let other = RecordingLink()
        let hello5 = fleet.hello(Self.hello(2), on: other, now: 400)
        #expect(hello5 == .reconcile)
        let welcome4 = fleet.welcomeSent(qpu: "q1", session: 2, on: link)
        #expect(!welcome4)
        let welcome5 = fleet.welcomeSent(qpu: "q1", session: 2, on: other)
        #expect(welcome5)
        #expect(fleet.isCurrent(other, for: "q1") && !fleet.isCurrent(link, for: "q1"))
    }

    @Test func aReplacedLinkDroppingLeavesTheNewSessionAlone() {
        let old = RecordingLink()
        var fleet = Self.fleet(link: old)
        let new = RecordingLink()
        _ = fleet.hello(Self.hello(2), on: new, now: 200)
        _ = fleet.welcomeSent(qpu: "q1", session: 2, on: new)
        let dropped1 = fleet.linkDropped(qpu: "q1", link: old)
        #expect(!dropped1)
        #expect(Self.state(fleet, "q1") == .idle)
        let dropped2 = fleet.linkDropped(qpu: "q1", link: new)
        #expect(dropped2)
        #expect(fleet["q1"]?.qpu.state == .down && fleet["q1"]?.session.link == nil)
        let dropped3 = fleet.linkDropped(qpu: "q1", link: new)
        #expect(!dropped3)
    }

    @Test func aSilentNodeGoesDownAndComesBackWhenHeard() {
        let link = RecordingLink()
        var fleet = Self.fleet(link: link, now: 100)
        // q2 has no link: silence there means nothing.
        let silence1 = fleet.markSilent(now: 105, nodeTimeout: 10)
        #expect(silence1.isEmpty)
        let silent = fleet.markSilent(now: 111, nodeTimeout: 10)
        #expect(silent.map(\.qpu) == ["q1"] && silent.first?.silent == 11 && silent.first?.link === link)
        #expect(fleet["q1"]?.qpu.state == .down)
        // Down already: not reported twice.
        let silence2 = fleet.markSilent(now: 130, nodeTimeout: 10)
        #expect(silence2.isEmpty)
        let revived1 = fleet.heard(from: "q1", now: 131)
        #expect(revived1)
        #expect(fleet["q1"]?.qpu.state == .idle)
        let revived2 = fleet.heard(from: "q1", now: 132)
        #expect(!revived2)
        // The controller's own stall: every node counts as just heard.
        fleet.forgiveSilence(now: 500)
        let silence3 = fleet.markSilent(now: 505, nodeTimeout: 10)
        #expect(silence3.isEmpty)
    }

    @Test func aDownQPUWhoseNodeWasNeverWelcomedIsNotRevivedByAMessage() {
        let link = RecordingLink()
        var fleet = QPUFleet(declared: [QPU(name: "q1", executor: "sim", qubits: 8)], now: 0)
        _ = fleet.hello(Self.hello(1), on: link, now: 0)
        _ = fleet.markSilent(now: 100, nodeTimeout: 10)
        let revived3 = fleet.heard(from: "q1", now: 101)
        #expect(!revived3)
        #expect(Self.state(fleet, "q1") == .down)
    }

    @Test func dispatchesHoldPlacesInOrderAndTheHeadClockMovesWithTheHead() {
        let link = RecordingLink()
        var fleet = Self.fleet(link: link, now: 100)
        fleet.reserve(Self.ref(1), on: "q1", now: 110)
        fleet.reserve(Self.ref(2), on: "q1", now: 120)
        #expect(fleet["q1"]?.inFlight == [Self.ref(1), Self.ref(2)])
        #expect(fleet["q1"]?.headSince == 110)
        #expect(fleet["q1"]?.qpu.state == .allocated)
        // Room below the depth: the scheduler sees it free; at the depth, allocated.
        #expect(Self.state(fleet, "q1", depth: 3) == .idle)
        #expect(Self.state(fleet, "q1", depth: 2) == .allocated)
        #expect(fleet.room(on: "q1", depth: 2) == nil)
        // Releasing the second leaves the head's clock alone; releasing the head restarts it.
        fleet.release(Self.ref(2), from: "q1", now: 130)
        #expect(fleet["q1"]?.headSince == 110)
        fleet.reserve(Self.ref(3), on: "q1", now: 140)
        fleet.release(Self.ref(1), from: "q1", now: 150)
        #expect(fleet["q1"]?.inFlight == [Self.ref(3)] && fleet["q1"]?.headSince == 150)
        fleet.release(Self.ref(3), from: "q1", now: 160)
        #expect(fleet["q1"]?.qpu.state == .idle)
        // Releasing what is not there changes nothing.
        fleet.release(Self.ref(3), from: "q1", now: 170)
        #expect(fleet["q1"]?.headSince == 160)
        #expect(Array(fleet.allInFlight).isEmpty)
    }

    @Test func headStartIsNotBeforeTheJobBecameFirst() {
        let link = RecordingLink()
        var fleet = Self.fleet(link: link, now: 100)
        fleet.reserve(Self.ref(1), on: "q1", now: 110)
        fleet.reserve(Self.ref(2), on: "q1", now: 111)
        fleet.release(Self.ref(1), from: "q1", now: 140)
        var job = Job(
            id: 2, name: "j", user: "alice", uid: 1, state: .running, shots: 1, circuitCount: 1, qubits: 1,
            timeLimitSeconds: 60, submitTime: 100)
        job.startTime = 111
        #expect(fleet["q1"]?.headStart(of: job) == 140)
        job.startTime = 150
        #expect(fleet["q1"]?.headStart(of: job) == 150)
    }

    @Test func aBookedQPUTakesOneJobAtATime() {
        let link = RecordingLink()
        var fleet = Self.fleet(link: link)
        fleet.reserve(Self.ref(1), on: "q1", now: 110)
        let onQ1 = Slot(id: 1, name: "s", user: "bob", qpu: "q1", start: 0, end: 1e9, createdBy: "bob", createdAt: 0)
        let onQ2 = Slot(id: 2, name: "s", user: "bob", qpu: "q2", start: 0, end: 1e9, createdBy: "bob", createdAt: 0)
        let onAll = Slot(id: 3, name: "s", user: "bob", qpu: nil, start: 0, end: 1e9, createdBy: "bob", createdAt: 0)
        #expect(Self.state(fleet, "q1", slots: [onQ2]) == .idle)
        #expect(Self.state(fleet, "q1", slots: [onQ1]) == .allocated)
        #expect(Self.state(fleet, "q1", slots: [onAll]) == .allocated)
        fleet.release(Self.ref(1), from: "q1", now: 120)
        #expect(Self.state(fleet, "q1", slots: [onQ1]) == .idle)
    }

    @Test func aHelloPutsSpooledRunsFirstThenWhatTheNodeLists() {
        let link = RecordingLink()
        var fleet = Self.fleet(link: link, now: 100)
        for id in 1...4 { fleet.reserve(Self.ref(JobID(id)), on: "q1", now: 100) }
        // The node finished 1 (spooled), runs 3 then holds 2; 4 is no longer the controller's.
        let current: Set<JobRef> = [Self.ref(1), Self.ref(2), Self.ref(3)]
        fleet.reconcile(
            qpu: "q1", listed: [Self.ref(3), Self.ref(2)], isCurrent: { current.contains($0) }, now: 200)
        #expect(fleet["q1"]?.inFlight == [Self.ref(1), Self.ref(3), Self.ref(2)])
        #expect(fleet["q1"]?.headSince == 100)
        fleet.reconcile(qpu: "q1", listed: [], isCurrent: { _ in false }, now: 300)
        #expect(fleet["q1"]?.inFlight == [] && fleet["q1"]?.headSince == 300)
        #expect(fleet["q1"]?.qpu.state == .idle)
    }

    @Test func administratorsDrainDisableEnableAndResumeByTheRules() throws {
        let link = RecordingLink()
        var fleet = Self.fleet(link: link)
        fleet.reserve(Self.ref(1), on: "q1", now: 110)
        let drained = try fleet.apply(.drain, to: "q1", reason: nil, by: "root", cutSession: true)
        #expect(drained.qpu.state == .drain && drained.qpu.reason == "drained by root" && drained.cut == nil)
        #expect(Self.state(fleet, "q1") == .drain)
        #expect(throws: WireError.self) {
            try fleet.apply(.enable, to: "q1", reason: nil, by: "root", cutSession: true)
        }
        let resumed = try fleet.apply(.resume, to: "q1", reason: nil, by: "root", cutSession: true)
        #expect(resumed.qpu.state == .allocated && resumed.qpu.reason == nil)
        // Disabling a registered QPU ends its node's session; a declared one keeps it.
        let kept = try fleet.apply(.disable, to: "q1", reason: "repair", by: "root", cutSession: false)
        #expect(kept.cut == nil && kept.qpu.reason == "repair" && fleet["q1"]?.session.welcomed == true)
        _ = try fleet.apply(.enable, to: "q1", reason: nil, by: "root", cutSession: false)
        let cut = try fleet.apply(.disable, to: "q1", reason: nil, by: "root", cutSession: true)
        #expect(cut.cut === link && fleet["q1"]?.session.link == nil)
        #expect(throws: WireError.self) { try fleet.apply(.drain, to: "q1", reason: nil, by: "root", cutSession: true) }
        // Enabled without a node: down until one says hello.
        let enabled1 = try fleet.apply(.enable, to: "q1", reason: nil, by: "root", cutSession: true)
        #expect(enabled1.qpu.state == .down)
        #expect(throws: WireError.self) {
            try fleet.apply(.enable, to: "q9", reason: nil, by: "root", cutSession: true)
        }
    }

    @Test func cuttingALinkTakesTheQPUDownAndAddingANameTwiceFails() {
        let link = RecordingLink()
        var fleet = Self.fleet(link: link)
        let cut1 = fleet.cutLink(of: "q1")
        #expect(cut1 === link)
        #expect(fleet["q1"]?.qpu.state == .down && !fleet.isCurrent(link, for: "q1"))
        let cut2 = fleet.cutLink(of: "q1")
        #expect(cut2 == nil)
        let added1 = fleet.add(QPU(name: "q2", executor: "sim", qubits: 2), now: 0)
        #expect(!added1)
        let added2 = fleet.add(QPU(name: "q3", executor: "sim", qubits: 2, state: .idle), now: 0)
        #expect(added2)
        #expect(fleet["q3"]?.qpu.state == .down)
        #expect(fleet.knownNames == "q1, q2, q3")
        fleet.remove("q3")
        #expect(fleet.knownNames == "q1, q2")
    }
}
