import CMunge

// One factory per munge call; each reads the context's detailed message before the context
// is destroyed.
extension MungeError {
    static func contextCreate() -> MungeError {
        MungeError(status: EMUNGE_NO_MEMORY, call: "munge_ctx_create", context: nil)
    }

    static func setSocket(_ status: munge_err_t, _ context: munge_ctx_t) -> MungeError {
        MungeError(status: status, call: "munge_ctx_set(MUNGE_OPT_SOCKET)", context: context)
    }

    static func setTTL(_ status: munge_err_t, _ context: munge_ctx_t) -> MungeError {
        MungeError(status: status, call: "munge_ctx_set(MUNGE_OPT_TTL)", context: context)
    }

    static func getEncodeTime(_ status: munge_err_t, _ context: munge_ctx_t) -> MungeError {
        MungeError(status: status, call: "munge_ctx_get(MUNGE_OPT_ENCODE_TIME)", context: context)
    }

    static func encode(_ status: munge_err_t, _ context: munge_ctx_t) -> MungeError {
        MungeError(status: status, call: "munge_encode", context: context)
    }

    static func decode(_ status: munge_err_t, _ context: munge_ctx_t) -> MungeError {
        MungeError(status: status, call: "munge_decode", context: context)
    }
}

/// Throws the error `makeError` builds when a munge call does not succeed.
@inline(__always)
func check(_ status: munge_err_t, _ makeError: (munge_err_t) -> MungeError) throws(MungeError) {
    if status != EMUNGE_SUCCESS {
        throw makeError(status)
    }
}
