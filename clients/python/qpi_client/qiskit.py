"""A Qiskit provider for QPI: ``QPIProvider(url, token).get_backend("qpu0")`` is a
``BackendV2`` whose ``run`` submits OpenQASM 2 to the cluster and returns a ``JobV1``.

Needs ``pip install 'qpi-client[qiskit]'``.
"""

import uuid

from qiskit import qasm2
from qiskit.circuit import QuantumCircuit
from qiskit.providers import BackendV2, JobStatus, JobV1, Options
from qiskit.result import Result
from qiskit.transpiler import Target

from .client import QPIClient, is_finished
from .errors import QPIError

#: The gates every QPI QPU accepts, as Qiskit names them: the ``qelib1.inc`` gates that
#: ``qiskit.qasm2.dumps`` writes by name. ``transpile(circuit, backend)`` rewrites
#: anything else into them.
BASIS_GATES = [
    "id", "x", "y", "z", "h", "s", "sdg", "t", "tdg", "sx", "sxdg", "rx", "ry", "rz", "p", "u",
    "cx", "cy", "cz", "ch", "cp", "crx", "cry", "crz", "swap", "ccx", "cswap", "rxx", "rzz",
]

#: QPI's job states (names and Slurm codes) as Qiskit's.
STATUS = {
    "PENDING": JobStatus.QUEUED, "PD": JobStatus.QUEUED,
    "RUNNING": JobStatus.RUNNING, "R": JobStatus.RUNNING,
    "COMPLETED": JobStatus.DONE, "CD": JobStatus.DONE,
    "CANCELLED": JobStatus.CANCELLED, "CA": JobStatus.CANCELLED,
    "FAILED": JobStatus.ERROR, "F": JobStatus.ERROR,
    "TIMEOUT": JobStatus.ERROR, "TO": JobStatus.ERROR,
    "NODE_FAIL": JobStatus.ERROR, "NF": JobStatus.ERROR,
}


def job_status(state):
    """Qiskit's ``JobStatus`` for a QPI job state."""
    try:
        return STATUS[str(state).upper()]
    except KeyError:
        raise QPIError(f"unknown job state {state!r}") from None


class QPIProvider:
    """The QPUs of one QPI cluster, as Qiskit backends."""

    def __init__(self, url, token, **client_options):
        self.client = QPIClient(url, token, **client_options)

    def backends(self, name=None):
        qpus = self.client.list_qpus()
        return [QPIBackend(self, qpu) for qpu in qpus if name is None or qpu["name"] == name]

    def get_backend(self, name=None):
        """The backend for QPU ``name``; with no name, the only QPU or an error."""
        found = self.backends(name)
        if not found:
            raise QPIError(f"no QPU named {name!r}" if name else "the cluster has no QPU", code="not_found")
        if len(found) > 1:
            names = ", ".join(b.name for b in found)
            raise QPIError(f"several QPUs ({names}): name one", code="invalid_argument")
        return found[0]

    def __repr__(self):
        return f"QPIProvider({self.client.url!r})"


class QPIBackend(BackendV2):
    """One QPU. ``run`` serialises each circuit with ``qiskit.qasm2.dumps`` and submits
    them as one job; counts come back as Qiskit's, registers and all."""

    #: Circuits per job; the controller's MaxMessageSize bounds the total size anyway.
    MAX_CIRCUITS = 1000

    def __init__(self, provider, qpu):
        super().__init__(provider=provider, name=qpu["name"], description=f"QPI QPU {qpu['name']}",
                         backend_version=str(qpu.get("version", "1")))
        self.qpu = qpu
        self._target = Target.from_configuration(basis_gates=BASIS_GATES + ["measure", "reset", "delay"],
                                                 num_qubits=int(qpu["qubits"]))

    @property
    def target(self):
        return self._target

    @property
    def max_circuits(self):
        return self.MAX_CIRCUITS

    @classmethod
    def _default_options(cls):
        return Options(shots=1024, seed=None, time=None, job_name=None, hold=False)

    def run(self, run_input, **options):
        """Submits ``run_input`` (a circuit or a list of them) as one job.

        Options: ``shots``, ``seed``, ``time`` (a limit as ``30s`` or ``5m``), ``job_name``
        and ``hold`` (submit held, until ``qctl job release``).
        """
        circuits = [run_input] if isinstance(run_input, QuantumCircuit) else list(run_input)
        if not circuits:
            raise QPIError("run needs at least one circuit", code="invalid_argument", field="circuits")
        if len(circuits) > self.max_circuits:
            raise QPIError(f"{len(circuits)} circuits, more than {self.max_circuits} per job",
                           code="invalid_argument", field="circuits")
        unknown = set(options) - set(self.options.__dict__)
        if unknown:
            raise QPIError(f"unknown run option {sorted(unknown)[0]!r}", code="invalid_argument",
                           field=sorted(unknown)[0])
        merged = {**self.options.__dict__, **options}
        for circuit in circuits:
            if circuit.num_qubits > self.num_qubits:
                raise QPIError(f"circuit {circuit.name!r} has {circuit.num_qubits} qubits; "
                               f"{self.name} has {self.num_qubits}", code="invalid_argument", field="circuits")
        payload = [{"circuit": qasm2.dumps(c)} for c in circuits]
        extra = {key: merged[key] for key in ("seed", "time") if merged[key] is not None}
        if merged["hold"]:
            extra["hold"] = True
        submitted = self.provider.client.submit_job(
            payload, shots=merged["shots"], qpu=self.name, name=merged["job_name"] or circuits[0].name, **extra)
        job = QPIJob(self, submitted, circuits)
        return job


class QPIJob(JobV1):
    """A submitted QPI job; ``result()`` waits for it and builds Qiskit's ``Result``."""

    def __init__(self, backend, job, circuits):
        super().__init__(backend, str(job["id"]))
        self._job = job
        self._circuits = circuits

    @property
    def client(self):
        return self.backend().provider.client

    def submit(self):
        raise QPIError("QPI jobs are submitted by backend.run()", code="invalid_argument")

    def status(self):
        self._job = self.client.get_job(self._job)
        return job_status(self._job["state"])

    def cancel(self):
        self._job = self.client.cancel_job(self._job)
        return True

    def result(self, timeout=None):
        """Waits for the job (at most ``timeout`` seconds) and returns its ``Result``;
        raises :class:`QPIError` when it did not complete."""
        if not is_finished(self._job):
            self._job = self.client.wait(self._job, timeout)
        if job_status(self._job["state"]) is not JobStatus.DONE:
            reason = self._job.get("reason") or self._job.get("state_reason") or ""
            raise QPIError(f"job {self.job_id()} ended {self._job['state']}" + (f": {reason}" if reason else ""),
                           code="job_failed")
        document = self.client.get_result(self._job)
        return to_qiskit_result(document, self._circuits, self.backend(), self.job_id())


def to_qiskit_result(document, circuits, backend, job_id):
    """Qiskit's ``Result`` for QPI's result ``document``, with each circuit's registers in
    the headers so ``get_counts`` splits bit strings as Qiskit's own backends do."""
    entries = document["results"]
    if len(entries) != len(circuits):
        raise QPIError(f"job {job_id} has {len(entries)} results for {len(circuits)} circuits")
    experiments = []
    for entry, circuit in zip(entries, circuits):
        counts = {hex(int(key.replace(" ", "") or "0", 2)): value for key, value in entry["counts"].items()}
        experiments.append({
            "shots": entry["shots"],
            "success": True,
            "data": {"counts": counts},
            "seed_simulator": entry.get("seed"),
            "time_taken": entry.get("time_taken", 0),
            "header": {
                "name": circuit.name,
                "creg_sizes": [[register.name, register.size] for register in circuit.cregs],
                "memory_slots": circuit.num_clbits,
                "n_qubits": circuit.num_qubits,
            },
        })
    return Result.from_dict({
        "backend_name": backend.name,
        "backend_version": backend.backend_version,
        "qobj_id": str(uuid.uuid4()),
        "job_id": job_id,
        "success": True,
        "results": experiments,
    })
