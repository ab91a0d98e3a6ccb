extension ClusterHarness {
    /// Flags (`--idle-threshold 3s`) and `QPI_*` variables (`["QPI_MAX_SHOTS": "5000"]`)
    /// `qpictld` gets from its next start on, over the generated configuration file.
    public func setControllerOptions(arguments: [String], environment: [String: String]) {
        self.withState { state in
            state.controllerArguments = arguments
            state.controllerEnvironment = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        }
    }
}
