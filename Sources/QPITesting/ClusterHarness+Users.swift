import Foundation

extension ClusterHarness {
    /// `setpriv` running `command` under `user`'s uid and gid with no supplementary groups.
    ///
    /// The user must reach the configuration, the tests' scripts and the executable: the
    /// harness directory is opened to others (it holds no secret: munged's key lives in
    /// munged's own directory), and when the build directory is out of the user's reach
    /// (a checkout under a private home) the command is copied into the harness directory.
    func setprivCommand(_ command: String, _ arguments: [String], as user: TestUser) throws -> (String, [String]) {
        let setpriv = try Command.find("setpriv")
        let dropPrivileges = ["--reuid=\(user.uid)", "--regid=\(user.uid)", "--clear-groups", "--"]
        try self.openToOtherUsers()
        var executable = "\(self.binDirectory)/\(command)"
        do {
            try Command.run(setpriv, dropPrivileges + ["/bin/test", "-x", executable])
        } catch {
            let copy = self.path(of: "bin/\(command)")
            if !FileManager.default.fileExists(atPath: copy) {
                try FileManager.default.createDirectory(
                    atPath: self.path(of: "bin"), withIntermediateDirectories: true)
                try FileManager.default.copyItem(atPath: executable, toPath: copy)
            }
            executable = copy
        }
        return (setpriv, dropPrivileges + [executable] + arguments)
    }

    /// Lets other users traverse the harness directory and read the configuration and the
    /// tests' job scripts.
    private func openToOtherUsers() throws {
        let manager = FileManager.default
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: self.path(of: ""))
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: self.path(of: "jobs"))
        try manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: self.configPath)
    }

    /// Readies `qpu`'s node to run as `user` (give the QPU ``TestUser/nodeLauncher``): the
    /// harness directory opened to others, and the node's data directory made and owned by
    /// the user. The build directory must be within the user's reach.
    public func prepareNode(_ qpu: String, for user: TestUser) throws {
        try self.openToOtherUsers()
        let manager = FileManager.default
        let directory = self.dataDirectory(of: qpu)
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try manager.setAttributes(
            [.ownerAccountID: NSNumber(value: user.uid), .groupOwnerAccountID: NSNumber(value: user.uid)],
            ofItemAtPath: directory)
    }
}
