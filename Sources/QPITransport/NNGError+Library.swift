import CNNG

// One factory per NNG call, so each error names the call and what it worked on.
extension NNGError {
    static func socketOpen(_ number: Int32, protocol name: String) -> NNGError {
        NNGError(number: number, call: "nng_\(name)_open")
    }

    static func socketSet(_ number: Int32, option: String) -> NNGError {
        NNGError(number: number, call: "nng_socket_set", subject: option)
    }

    static func pipeNotify(_ number: Int32) -> NNGError {
        NNGError(number: number, call: "nng_pipe_notify")
    }

    static func listenerCreate(_ number: Int32, url: String) -> NNGError {
        NNGError(number: number, call: "nng_listener_create", subject: url)
    }

    static func listenerSet(_ number: Int32, option: String) -> NNGError {
        NNGError(number: number, call: "nng_listener_set", subject: option)
    }

    static func listenerStart(_ number: Int32, url: String) -> NNGError {
        NNGError(number: number, call: "nng_listener_start", subject: url)
    }

    static func dialerCreate(_ number: Int32, url: String) -> NNGError {
        NNGError(number: number, call: "nng_dialer_create", subject: url)
    }

    static func dialerSet(_ number: Int32, option: String) -> NNGError {
        NNGError(number: number, call: "nng_dialer_set", subject: option)
    }

    static func dialerStart(_ number: Int32, url: String) -> NNGError {
        NNGError(number: number, call: "nng_dialer_start", subject: url)
    }

    static func contextOpen(_ number: Int32) -> NNGError {
        NNGError(number: number, call: "nng_ctx_open")
    }

    static func contextSet(_ number: Int32, option: String) -> NNGError {
        NNGError(number: number, call: "nng_ctx_set", subject: option)
    }

    static func contextSend(_ number: Int32) -> NNGError {
        NNGError(number: number, call: "nng_ctx_send")
    }

    static func contextReceive(_ number: Int32) -> NNGError {
        NNGError(number: number, call: "nng_ctx_recv")
    }

    static func send(_ number: Int32) -> NNGError {
        NNGError(number: number, call: "nng_sendmsg")
    }

    static func receive(_ number: Int32) -> NNGError {
        NNGError(number: number, call: "nng_recvmsg")
    }

    static func aioAlloc(_ number: Int32) -> NNGError {
        NNGError(number: number, call: "nng_aio_alloc")
    }

    static func messageAlloc(_ number: Int32, size: Int) -> NNGError {
        NNGError(number: number, call: "nng_msg_alloc", subject: "\(size) bytes")
    }

    static func tlsConfigAlloc(_ number: Int32) -> NNGError {
        NNGError(number: number, call: "nng_tls_config_alloc")
    }

    static func tlsConfigOwnCert(_ number: Int32) -> NNGError {
        NNGError(number: number, call: "nng_tls_config_own_cert", subject: "certificate chain and private key PEM")
    }

    static func tlsConfigCAChain(_ number: Int32) -> NNGError {
        NNGError(number: number, call: "nng_tls_config_ca_chain", subject: "certificate authority PEM")
    }

    static func tlsConfigServerName(_ number: Int32, serverName: String) -> NNGError {
        NNGError(number: number, call: "nng_tls_config_server_name", subject: serverName)
    }

    static func tlsConfigAuthMode(_ number: Int32) -> NNGError {
        NNGError(number: number, call: "nng_tls_config_auth_mode")
    }

    /// A TLS configuration of the wrong role (client on a listener, server on a dialer).
    static func tlsRoleMismatch(call: String, expected: String) -> NNGError {
        NNGError(number: Int32(NNG_EINVAL.rawValue), call: call, subject: "needs a TLS \(expected) configuration")
    }
}

/// Throws the error `makeError` builds when an NNG call returns non-zero.
@inline(__always)
func check(_ number: Int32, _ makeError: (Int32) -> NNGError) throws(NNGError) {
    if number != 0 {
        throw makeError(number)
    }
}
