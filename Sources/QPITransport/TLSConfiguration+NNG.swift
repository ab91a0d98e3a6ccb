import CNNG

extension TLSConfiguration {
    /// Sets a fresh `nng_tls_config` on `listener`; throws if this is not a server configuration.
    func apply(to listener: nng_listener) throws(NNGError) {
        guard case .server = self.role else {
            throw .tlsRoleMismatch(call: "nng_listener_set_ptr", expected: "server")
        }
        try self.withConfig { config throws(NNGError) in
            try check(nng_listener_set_ptr(listener, NNG_OPT_TLS_CONFIG, UnsafeMutableRawPointer(config))) {
                .listenerSet($0, option: NNG_OPT_TLS_CONFIG)
            }
        }
    }

    /// Sets a fresh `nng_tls_config` on `dialer`; throws if this is not a client configuration.
    func apply(to dialer: nng_dialer) throws(NNGError) {
        guard case .client = self.role else {
            throw .tlsRoleMismatch(call: "nng_dialer_set_ptr", expected: "client")
        }
        try self.withConfig { config throws(NNGError) in
            try check(nng_dialer_set_ptr(dialer, NNG_OPT_TLS_CONFIG, UnsafeMutableRawPointer(config))) {
                .dialerSet($0, option: NNG_OPT_TLS_CONFIG)
            }
        }
    }

    /// Builds an `nng_tls_config` for `body` and drops this function's reference afterwards:
    /// an endpoint given the config holds its own reference, so the pointer never outlives
    /// this call on our side.
    private func withConfig(_ body: (OpaquePointer) throws(NNGError) -> Void) throws(NNGError) {
        var config: OpaquePointer?
        let mode: nng_tls_mode
        switch self.role {
        case .server: mode = NNG_TLS_MODE_SERVER
        case .client: mode = NNG_TLS_MODE_CLIENT
        }
        try check(nng_tls_config_alloc(&config, mode)) { .tlsConfigAlloc($0) }
        guard let config else { throw .tlsConfigAlloc(Int32(NNG_ENOMEM.rawValue)) }
        defer { nng_tls_config_free(config) }

        switch self.role {
        case .server(let certificateChainPEM, let privateKeyPEM):
            try check(nng_tls_config_own_cert(config, certificateChainPEM, privateKeyPEM, nil)) {
                .tlsConfigOwnCert($0)
            }
        case .client(let certificateAuthorityPEM, let serverName):
            try check(nng_tls_config_ca_chain(config, certificateAuthorityPEM, nil)) { .tlsConfigCAChain($0) }
            try check(nng_tls_config_server_name(config, serverName)) {
                .tlsConfigServerName($0, serverName: serverName)
            }
            try check(nng_tls_config_auth_mode(config, NNG_TLS_AUTH_MODE_REQUIRED)) { .tlsConfigAuthMode($0) }
        }
        try body(config)
    }
}
