// libyaml (Debian's libyaml-dev), which QPIConfig reads YAML configuration files with.
#ifndef QPI_CYAML_SHIM_H
#define QPI_CYAML_SHIM_H

#include <yaml.h>

#endif
