// libmunge-dev's client API. The variadic munge_ctx_get/munge_ctx_set are
// reached through the CMungeShim target, since Swift cannot call C variadics.
#ifndef QPI_CMUNGE_SHIM_H
#define QPI_CMUNGE_SHIM_H

#include <munge.h>

#endif
