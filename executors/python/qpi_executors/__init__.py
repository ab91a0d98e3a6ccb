"""QPI executors: backends that qpid runs as child processes, speaking the executor
protocol (length-framed JSON on standard input and output)."""

from .base import CircuitSource, Executor, JobPayload, JobRefused
from .settings import ExecutorSettings, SettingsError

__all__ = ["CircuitSource", "Executor", "ExecutorSettings", "JobPayload", "JobRefused", "SettingsError", "executor_class"]

# Imported on demand: each backend pulls in its own heavy dependencies.
_BUILT_IN = {
    "mock": ("mock", "MockExecutor"),
    "qiskit_aer": ("aer", "QiskitAerExecutor"),
    "quantify": ("quantify", "QuantifyExecutor"),
    "qblox": ("qblox", "QbloxExecutor"),
    "presto": ("presto", "PrestoExecutor"),
}


def executor_class(name: str) -> type[Executor]:
    """The built-in executor called `name`, or `module:Class` for one of your own."""
    import importlib

    if name in _BUILT_IN:
        module, attribute = _BUILT_IN[name]
        return getattr(importlib.import_module(f".{module}", __name__), attribute)
    if ":" in name:
        module, attribute = name.split(":", 1)
        return getattr(importlib.import_module(module), attribute)
    known = ", ".join(_BUILT_IN)
    raise SettingsError(f"--executor (DRIVER_BACKEND): unknown executor '{name}' (built in: {known}; "
                        "or module:Class for your own)")
