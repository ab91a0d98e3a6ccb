"""QPI's HTTP API from Python: :class:`QPIClient`, and a Qiskit provider in
:mod:`qpi_client.qiskit` (``pip install 'qpi-client[qiskit]'``)."""

from .client import FINISHED_STATES, EventStream, QPIClient, parse_time
from .errors import JobTimeoutError, QPIError

__all__ = ["QPIClient", "EventStream", "QPIError", "JobTimeoutError", "FINISHED_STATES", "parse_time"]
__version__ = "0.1.0"
