"""The base class of every executor, and the job it is handed."""

from __future__ import annotations

import abc
import dataclasses
import re
from typing import Any, ClassVar

from .settings import ExecutorSettings


class JobRefused(Exception):
    """The executor cannot run this job; the message says why and goes to the user."""


@dataclasses.dataclass(frozen=True)
class CircuitSource:
    """One OpenQASM circuit of a job, named as qpid names it: the file's base name,
    then `_1`, `_2`, … for further circuits in the same file."""

    name: str
    text: str
    file: str
    # 1-based line in `file` where this circuit's text starts, for error messages.
    first_line: int

    @property
    def version(self) -> str:
        match = re.search(r"^\s*OPENQASM\s+([0-9.]+)\s*;", self.text, re.MULTILINE)
        return match.group(1) if match else "2.0"


@dataclasses.dataclass(frozen=True)
class JobPayload:
    """A `run` message: what the executor is asked to do."""

    job_id: int
    circuits: list[CircuitSource]
    shots: int
    seed: int | None
    options: dict[str, str]
    # The job's time limit in seconds, as qpid enforces it; None when qpid did not say.
    time_limit: float | None

    @classmethod
    def from_message(cls, message: dict) -> "JobPayload":
        circuits = []
        for index, entry in enumerate(message.get("circuits") or []):
            if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
                raise JobRefused(f"circuits[{index}] is not an object with a 'text' string")
            circuits += split_circuits(str(entry.get("name") or f"circuit{index}"), entry["text"])
        if not circuits:
            raise JobRefused("the job holds no circuit")
        shots = message.get("shots")
        if not isinstance(shots, int) or shots < 1:
            raise JobRefused(f"shots must be a positive whole number, not {shots!r}")
        seed = message.get("seed")
        time_limit = message.get("time_limit")
        return cls(
            job_id=int(message["job_id"]),
            circuits=circuits,
            shots=shots,
            seed=seed if isinstance(seed, int) else None,
            options={str(k): str(v) for k, v in (message.get("options") or {}).items()},
            time_limit=float(time_limit) if isinstance(time_limit, (int, float)) else None,
        )


_VERSION_LINE = re.compile(r"^\s*OPENQASM\b", re.MULTILINE)


def split_circuits(file: str, text: str) -> list[CircuitSource]:
    """The circuits of one job-script file: each `OPENQASM` line starts a new one.
    `// QPI` directive lines before the first circuit belong to the job, not a circuit."""
    base = file.rsplit("/", 1)[-1]
    if "." in base[1:]:
        base = base[: base.rindex(".")]
    base = base or "circuit"
    starts = [match.start() for match in _VERSION_LINE.finditer(text)]
    if not starts:
        return [CircuitSource(name=base, text=text, file=file, first_line=1)]
    circuits = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        name = base if index == 0 else f"{base}_{index}"
        line = text.count("\n", 0, start) + 1
        circuits.append(CircuitSource(name=name, text=text[start:end], file=file, first_line=line))
    return circuits


class Executor(abc.ABC):
    """A backend that runs jobs. Subclasses set `name` and implement `execute` and
    `process_result`; the protocol server calls them one job at a time.

    `execute` returns whatever the backend produces (an xarray Dataset for control
    stacks, a Qiskit Result for simulators); `process_result` turns it into the
    Qiskit-format result dict of the protocol: `{"results": [{"name", "counts",
    "shots", ...}, ...]}`, or `{"counts", "shots"}` for a single circuit.
    """

    name: ClassVar[str]
    #: Whether circuits may measure a qubit and keep using it.
    mid_circuit_measurement: ClassVar[bool] = False
    #: The keys of a job's `options` (`qsub --executor-option KEY=VALUE`) this executor
    #: reads, each with what it does; `check` fails a job that gives any other key.
    accepted_options: ClassVar[dict[str, str]] = {}

    def __init__(self, settings: ExecutorSettings):
        self.settings = settings
        #: The job being run, set by the server before `execute`: `process_result`
        #: receives only the dataset and the id, as in the reference's interface.
        self.current: JobPayload | None = None

    @property
    def qubits(self) -> int:
        """Qubits the backend offers."""
        return self.settings.qubits

    @property
    def basis_gates(self) -> list[str]:
        return []

    @property
    def max_shots(self) -> int:
        return self.settings.max_shots

    def hello(self) -> dict:
        return {
            "type": "hello",
            "protocol": 1,
            "name": self.name,
            "qubits": self.qubits,
            "basis_gates": list(self.basis_gates),
            "max_shots": self.max_shots,
            "mid_circuit_measurement": self.mid_circuit_measurement,
        }

    def check(self, payload: JobPayload) -> None:
        """Refuses a job the backend cannot run, before any work starts."""
        if payload.shots > self.max_shots:
            raise JobRefused(f"{payload.shots} shots is over this executor's limit of {self.max_shots}")
        for key in sorted(payload.options):
            if key not in self.accepted_options:
                accepted = ", ".join(sorted(self.accepted_options)) or "no options"
                raise JobRefused(f"unknown executor option '{key}': the {self.name} executor accepts {accepted}")

    @abc.abstractmethod
    def execute(self, payload: JobPayload) -> Any:
        """Runs the job on the backend and returns its raw result."""

    @abc.abstractmethod
    def process_result(self, dataset: Any, job_id: str) -> dict:
        """Turns `execute`'s raw result into a Qiskit-format result dict."""

    def calibration(self) -> dict[str, float] | None:
        """The backend's current calibration (`t1_q0`, `readout_fidelity_q1`, …), sent
        as a `calibration` event every `--telemetry-interval`; None sends nothing."""
        return self.settings.calibration_values()

    def close(self) -> None:
        """Releases instruments; called once when qpid ends the executor's input."""
