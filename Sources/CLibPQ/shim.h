// libpq (Debian's libpq-dev), the PostgreSQL client library the store's PostgreSQL engine
// talks to the server through.
#ifndef QPI_CLIBPQ_SHIM_H
#define QPI_CLIBPQ_SHIM_H

#include <postgresql/libpq-fe.h>

#endif
