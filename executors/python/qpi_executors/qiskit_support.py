"""OpenQASM to Qiskit circuits and Qiskit results to the protocol's result dicts."""

from __future__ import annotations

from typing import Any

from .base import CircuitSource, Executor, JobPayload, JobRefused


def load_circuit(source: CircuitSource):
    """A QuantumCircuit from one circuit's OpenQASM 2 or 3 text; a parse error refuses
    the job with the file and the line the circuit starts on."""
    from qiskit import qasm2, qasm3

    try:
        if source.version.startswith("3"):
            circuit = qasm3.loads(source.text)
        else:
            circuit = qasm2.loads(source.text, custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
    except ImportError as error:
        raise JobRefused(
            f"{source.file}:{source.first_line}: OpenQASM 3 needs the qiskit-qasm3-import package: {error}"
        ) from error
    except Exception as error:  # noqa: BLE001 - every parser error goes back to the user
        where = f"{source.file}:{source.first_line}"
        raise JobRefused(f"{where}: error: circuit '{source.name}' (lines counted from here): {error}") from error
    circuit.name = source.name
    return circuit


def counts_of(result, index: int) -> dict[str, int]:
    """Counts as get_counts() prints them; a circuit without measurements has none."""
    try:
        return {str(key): int(value) for key, value in result.get_counts(index).items()}
    except Exception:  # noqa: BLE001 - Qiskit raises QiskitError for "no counts"
        return {}


def result_dict(result, sources: list[CircuitSource], shots: int, seed: int | None) -> dict[str, Any]:
    """The protocol's `results` from a Qiskit Result, one entry per circuit in order."""
    entries = []
    for index, source in enumerate(sources):
        experiment = result.results[index]
        circuit_seed = getattr(experiment, "seed_simulator", None)
        if circuit_seed is None:
            circuit_seed = seed
        entries.append(
            {
                "name": source.name,
                "counts": counts_of(result, index),
                "shots": shots,
                "seed": int(circuit_seed) % (1 << 64) if circuit_seed is not None else None,
                "time_taken": float(getattr(experiment, "time_taken", 0.0) or 0.0),
            }
        )
    return {"results": entries}


CONTROL_FLOW = ("if_else", "while_loop", "for_loop", "switch_case")


def check_circuit(executor: Executor, source: CircuitSource, circuit) -> None:
    """Refuses a circuit wider than the executor, or one with classical control flow
    when the executor cannot run it (`mid_circuit_measurement` false)."""
    if circuit.num_qubits > executor.qubits:
        raise JobRefused(f"{source.file}: circuit '{source.name}' uses {circuit.num_qubits} qubits; "
                         f"the {executor.name} executor offers {executor.qubits}")
    if not executor.mid_circuit_measurement and any(i.operation.name in CONTROL_FLOW for i in circuit.data):
        raise JobRefused(f"{source.file}: circuit '{source.name}' uses classical control flow, which the "
                         f"{executor.name} executor cannot run; use qiskit_aer")


class QiskitSimulatorExecutor(Executor):
    """A Qiskit simulator backend: circuits parsed by Qiskit, transpiled once per job by
    a pass manager built at start, run with the job's shots and seed."""

    accepted_options = {"seed": "the simulator's seed, a whole number 0 or more, in place of the job's --seed"}

    def __init__(self, settings, backend):
        super().__init__(settings)
        from qiskit.transpiler import generate_preset_pass_manager

        self.backend = backend
        # Built once: building it per job costs more than simulating a small circuit.
        self.pass_manager = generate_preset_pass_manager(optimization_level=0, backend=backend, seed_transpiler=0)

    def execute(self, payload: JobPayload) -> Any:
        circuits = [load_circuit(source) for source in payload.circuits]
        for source, circuit in zip(payload.circuits, circuits):
            check_circuit(self, source, circuit)
        compiled = self.pass_manager.run(circuits)
        result = self.backend.run(
            compiled, shots=payload.shots, seed_simulator=self.seed(payload), **self.run_options(payload)
        ).result()
        # Aer reports a circuit it cannot simulate in the result, with empty counts, rather
        # than raising: that is a failed job, not a completed one.
        for source, experiment in zip(payload.circuits, result.results):
            if not getattr(experiment, "success", True):
                raise JobRefused(f"{self.name} executor: circuit '{source.name}': {experiment.status}")
        return result

    def seed(self, payload: JobPayload) -> int | None:
        """The job's seed, or the `seed` option in its place."""
        text = payload.options.get("seed")
        if text is None:
            return payload.seed
        if not text.isdigit() or int(text) >= 1 << 64:
            raise JobRefused(
                f"invalid value '{text}' for executor option 'seed': expected an integer in 0...{(1 << 64) - 1}"
            )
        return int(text)

    def run_options(self, payload: JobPayload) -> dict[str, Any]:
        """The backend's run options from the job's `options` other than `seed`."""
        return {}

    def process_result(self, dataset: Any, job_id: str) -> dict:
        payload = self.current
        return result_dict(dataset, payload.circuits, payload.shots, self.seed(payload))
