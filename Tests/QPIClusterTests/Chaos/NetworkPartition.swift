import Foundation
import QPITesting

/// A network namespace joined to this one by a veth pair, made for one test: a node
/// daemon started in it (`launcher`) reaches the controller only through the pair, so
/// taking the host end down cuts exactly that node off. The addresses (a /30 in
/// 10.0.0.0/8) exist only on the pair.
///
/// ``remove()`` (also on deinit) deletes the namespace and the pair even when the test
/// failed; deleting the host end removes its peer.
final class NetworkPartition: Sendable {
    let namespace: String
    let hostInterface: String
    /// The controller's address on the host end (`ControlAddr=`).
    let hostAddress: String
    /// The node's address inside the namespace.
    let nodeAddress: String

    /// Creates the namespace and the pair; names and addresses derive from this process's
    /// pid and `index`, so concurrent test runs do not collide.
    init(index: Int = 0) throws {
        let tag = "\(getpid() % 10_000)\(index)"
        self.namespace = "qpichaos\(tag)"
        self.hostInterface = "qpih\(tag)"
        let peer = "qpin\(tag)"
        // 10.<a>.<b>.0/30 from the tag, so two runs use different subnets.
        let number = Int(tag) ?? 0
        let prefix = "10.\(200 + number % 50).\(number / 50 % 256)"
        self.hostAddress = "\(prefix).1"
        self.nodeAddress = "\(prefix).2"
        do {
            try SystemCommand.run("ip", ["netns", "add", self.namespace])
            try SystemCommand.run("ip", ["link", "add", self.hostInterface, "type", "veth", "peer", "name", peer])
            try SystemCommand.run("ip", ["link", "set", peer, "netns", self.namespace])
            try SystemCommand.run("ip", ["addr", "add", "\(self.hostAddress)/30", "dev", self.hostInterface])
            try SystemCommand.run("ip", ["link", "set", self.hostInterface, "up"])
            for command in [
                ["addr", "add", "\(self.nodeAddress)/30", "dev", peer], ["link", "set", peer, "up"],
                ["link", "set", "lo", "up"],
            ] {
                try SystemCommand.run("ip", ["netns", "exec", self.namespace, "ip"] + command)
            }
        } catch {
            self.remove()
            throw error
        }
    }

    deinit { self.remove() }

    /// The command prefix that starts a process inside the namespace (`ip netns exec`
    /// execs it, so the harness's pid is the daemon's).
    var launcher: [String] {
        get throws { [try SystemCommand.find("ip"), "netns", "exec", self.namespace] }
    }

    /// Cuts the node off (`up` false) or joins it again.
    func link(up: Bool) throws {
        try SystemCommand.run("ip", ["link", "set", self.hostInterface, up ? "up" : "down"])
    }

    /// Deletes the pair and the namespace; safe to call more than once.
    func remove() {
        _ = try? SystemCommand.run("ip", ["link", "del", self.hostInterface])
        _ = try? SystemCommand.run("ip", ["netns", "del", self.namespace])
    }
}
