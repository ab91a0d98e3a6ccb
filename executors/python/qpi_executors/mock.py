"""`mock`: Qiskit's BasicSimulator, pure Python, no native dependencies beyond Qiskit."""

from __future__ import annotations

from typing import Any

from .base import Executor, JobPayload, JobRefused
from .qiskit_support import load_circuit, result_dict


class MockExecutor(Executor):
    name = "mock"
    mid_circuit_measurement = False

    def __init__(self, settings):
        super().__init__(settings)
        from qiskit.providers.basic_provider import BasicSimulator

        self.backend = BasicSimulator()
        from qiskit.transpiler import generate_preset_pass_manager

        # Built once: building it per job costs more than simulating a small circuit.
        self.pass_manager = generate_preset_pass_manager(optimization_level=0, backend=self.backend, seed_transpiler=0)

    @property
    def basis_gates(self) -> list[str]:
        return sorted(self.backend.target.operation_names)

    def execute(self, payload: JobPayload) -> Any:
        circuits = [load_circuit(source) for source in payload.circuits]
        for source, circuit in zip(payload.circuits, circuits):
            if circuit.num_qubits > self.qubits:
                raise JobRefused(f"{source.file}: circuit '{source.name}' uses {circuit.num_qubits} qubits; "
                                 f"this executor offers {self.qubits}")
            if any(instruction.operation.name in ("if_else", "while_loop", "for_loop", "switch_case")
                   for instruction in circuit.data):
                raise JobRefused(f"{source.file}: circuit '{source.name}' uses classical control flow, "
                                 "which the mock executor (BasicSimulator) cannot run; use qiskit_aer")
        compiled = self.pass_manager.run(circuits)
        return self.backend.run(compiled, shots=payload.shots, seed_simulator=payload.seed).result()

    def process_result(self, dataset: Any, job_id: str) -> dict:
        payload = self.current
        return result_dict(dataset, payload.circuits, payload.shots, payload.seed)
