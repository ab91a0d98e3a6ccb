// Umbrella header for the parts of NNG that QPITransport uses.
// Debian's libnng-dev ships no pkg-config file, so the module map links by name.
#ifndef QPI_CNNG_SHIM_H
#define QPI_CNNG_SHIM_H

#include <nng/nng.h>
#include <nng/protocol/pair1/pair.h>
#include <nng/protocol/pipeline0/pull.h>
#include <nng/protocol/pipeline0/push.h>
#include <nng/protocol/reqrep0/rep.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/supplemental/tls/tls.h>
#include <nng/supplemental/util/platform.h>

#endif
