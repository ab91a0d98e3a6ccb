"""`python -m qpi_executors --executor NAME …`: one executor serving qpid."""

from __future__ import annotations

import logging
import sys

from . import executor_class
from .server import protocol_streams, serve
from .settings import SettingsError, settings_from_arguments


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING,
                        format="%(asctime)s %(name)s %(levelname)s: %(message)s")
    logging.getLogger("qpi_executors").setLevel(logging.INFO)
    stdin, stdout = protocol_streams()
    try:
        settings = settings_from_arguments(argv)
        cls = executor_class(settings.executor)
        executor = cls(settings)
    except SettingsError as error:
        print(f"qpi_executors: error: {error}", file=sys.stderr)
        return 2
    except ImportError as error:
        print(f"qpi_executors: error: the {settings.executor} executor needs a package that is not installed: "
              f"{error}; install qpi-executors with its extra, e.g. pip install 'qpi-executors[aer]'",
              file=sys.stderr)
        return 2
    logging.getLogger("qpi_executors").info("%s executor ready for QPU %s", executor.name, settings.name)
    return serve(executor, stdin, stdout)


if __name__ == "__main__":
    sys.exit(main())
