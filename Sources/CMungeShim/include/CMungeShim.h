// Non-variadic wrappers around munge_ctx_set/munge_ctx_get, which Swift cannot call
// because they are C variadic functions.
//
// This header does not include <munge.h>: the CMunge module owns munge's declarations, and
// a second textual include would make Swift attribute them to this module instead. Each
// function returns a munge_err_t as an int.
#ifndef QPI_CMUNGESHIM_H
#define QPI_CMUNGESHIM_H

#include <time.h>

struct munge_ctx;

/// Sets MUNGE_OPT_SOCKET: the munged socket the context talks to.
int qpi_munge_ctx_set_socket(struct munge_ctx *ctx, const char *path);

/// Sets MUNGE_OPT_TTL in seconds (0: the daemon's default; -1: its maximum).
int qpi_munge_ctx_set_ttl(struct munge_ctx *ctx, int ttl);

/// Reads MUNGE_OPT_ENCODE_TIME after a successful munge_decode.
int qpi_munge_ctx_get_encode_time(struct munge_ctx *ctx, time_t *encode_time);

#endif
