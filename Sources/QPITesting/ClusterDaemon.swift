/// A daemon of a test cluster, as the harness's start, kill, signal and stop calls name it.
public enum ClusterDaemon: Sendable, Hashable, CustomStringConvertible {
    /// `qpictld`.
    case controller
    /// The `qpid` serving the QPU of this name.
    case node(String)

    /// The executable's name in the build directory.
    var executable: String {
        switch self {
        case .controller: return "qpictld"
        case .node: return "qpid"
        }
    }

    /// The name of its log file (without directory), which restarts append to.
    var logName: String {
        switch self {
        case .controller: return "qpictld.log"
        case .node(let qpu): return "qpid-\(qpu).log"
        }
    }

    public var description: String {
        switch self {
        case .controller: return "qpictld"
        case .node(let qpu): return "qpid \(qpu)"
        }
    }
}
