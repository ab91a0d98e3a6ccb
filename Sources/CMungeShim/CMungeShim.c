#include "CMungeShim.h"

#include <munge.h>

int qpi_munge_ctx_set_socket(struct munge_ctx *ctx, const char *path) {
    return munge_ctx_set(ctx, MUNGE_OPT_SOCKET, path);
}

int qpi_munge_ctx_set_ttl(struct munge_ctx *ctx, int ttl) {
    return munge_ctx_set(ctx, MUNGE_OPT_TTL, ttl);
}

int qpi_munge_ctx_get_encode_time(struct munge_ctx *ctx, time_t *encode_time) {
    return munge_ctx_get(ctx, MUNGE_OPT_ENCODE_TIME, encode_time);
}
