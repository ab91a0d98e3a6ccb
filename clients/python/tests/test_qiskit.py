"""The Qiskit provider against a real cluster: backend.run(...).result().get_counts()."""

import pytest

qiskit = pytest.importorskip("qiskit")

from qiskit import ClassicalRegister, QuantumCircuit, QuantumRegister, transpile  # noqa: E402
from qiskit.providers import BackendV2, JobStatus  # noqa: E402

from qpi_client import QPIError  # noqa: E402
from qpi_client.qiskit import QPIProvider, job_status  # noqa: E402


@pytest.fixture
def backend(cluster, alice_token):
    return QPIProvider(cluster.url, alice_token).get_backend("sim0")


def bell():
    circuit = QuantumCircuit(2, 2, name="bell")
    circuit.h(0)
    circuit.cx(0, 1)
    circuit.measure([0, 1], [0, 1])
    return circuit


def test_the_backend_describes_the_qpu(backend, cluster, alice_token):
    assert isinstance(backend, BackendV2)
    assert backend.name == "sim0" and backend.num_qubits == 5 and backend.max_circuits >= 1
    assert {"cx", "h", "measure"} <= set(backend.operation_names)
    with pytest.raises(QPIError, match="no QPU named 'nope'"):
        QPIProvider(cluster.url, alice_token).get_backend("nope")


def test_a_bell_circuit_returns_counts_like_any_backend(backend):
    job = backend.run(bell(), shots=1000)
    counts = job.result(timeout=60).get_counts()
    assert set(counts) <= {"00", "11"} and sum(counts.values()) == 1000
    # ±5 sigma of a fair coin over 1,000 shots.
    assert abs(counts.get("00", 0) - 500) < 80
    assert job.status() is JobStatus.DONE


def test_several_circuits_and_registers(backend):
    split = QuantumCircuit(QuantumRegister(3, "q"), ClassicalRegister(1, "a"), ClassicalRegister(2, "b"),
                           name="split")
    split.x(0)
    split.x(2)
    split.measure(0, 0)
    split.measure([1, 2], [1, 2])
    ghz = QuantumCircuit(3, 3, name="ghz")
    ghz.h(0)
    ghz.cx(0, 1)
    ghz.cx(1, 2)
    ghz.measure(range(3), range(3))
    third = transpile(ghz, backend, seed_transpiler=1)
    result = backend.run([bell(), split, third], shots=300).result(timeout=60)
    counts = result.get_counts()
    assert len(counts) == 3
    assert set(counts[0]) <= {"00", "11"}
    # Registers print last-declared first, separated by a space, as Qiskit's simulators do.
    assert counts[1] == {"10 1": 300}
    assert result.get_counts(split) == {"10 1": 300}
    assert set(counts[2]) <= {"000", "111"} and sum(counts[2].values()) == 300


def test_status_follows_the_job_and_cancel_works(backend, cluster):
    held = backend.run(bell(), shots=100, hold=True)
    assert held.status() is JobStatus.QUEUED
    cluster.command("qctl", ["job", "release", held.job_id()])
    assert sum(held.result(timeout=60).get_counts().values()) == 100
    assert held.status() is JobStatus.DONE

    doomed = backend.run(bell(), shots=100, hold=True)
    doomed.cancel()
    with pytest.raises(QPIError, match="CANCELLED"):
        doomed.result(timeout=30)
    assert doomed.status() is JobStatus.CANCELLED


def test_states_map_as_the_design_says():
    expected = {"PD": JobStatus.QUEUED, "R": JobStatus.RUNNING, "CD": JobStatus.DONE, "CA": JobStatus.CANCELLED,
                "F": JobStatus.ERROR, "TO": JobStatus.ERROR, "NF": JobStatus.ERROR,
                "PENDING": JobStatus.QUEUED, "NODE_FAIL": JobStatus.ERROR}
    assert {state: job_status(state) for state in expected} == expected
    with pytest.raises(QPIError, match="unknown job state"):
        job_status("LIMBO")


def test_run_refuses_what_the_qpu_cannot_take(backend):
    wide = QuantumCircuit(6, 6)
    wide.measure(range(6), range(6))
    with pytest.raises(QPIError, match="6 qubits; sim0 has 5"):
        backend.run(wide)
    with pytest.raises(QPIError, match="unknown run option 'shotz'"):
        backend.run(bell(), shotz=5)
