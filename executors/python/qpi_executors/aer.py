"""`qiskit_aer`: Qiskit Aer's simulator, with mid-circuit measurement and control flow.

With --noise-from-calibration, the calibration file's numbers become a noise model:
`t1_qN`/`t2_qN` (seconds) give thermal relaxation on every gate of qubit N, and
`readout_fidelity_qN` a symmetric readout error.
"""

from __future__ import annotations

from typing import Any

from .base import Executor, JobPayload, JobRefused
from .qiskit_support import load_circuit, result_dict

# Gate durations for the relaxation noise: typical transmon values.
SINGLE_QUBIT_GATE_SECONDS = 50e-9
TWO_QUBIT_GATE_SECONDS = 300e-9


class QiskitAerExecutor(Executor):
    name = "qiskit_aer"
    mid_circuit_measurement = True

    def __init__(self, settings):
        super().__init__(settings)
        from qiskit_aer import AerSimulator

        noise = self.noise_model() if settings.noise_from_calibration else None
        self.backend = AerSimulator(noise_model=noise) if noise is not None else AerSimulator()
        from qiskit.transpiler import generate_preset_pass_manager

        # Built once: building it per job costs more than simulating a small circuit.
        self.pass_manager = generate_preset_pass_manager(optimization_level=0, backend=self.backend, seed_transpiler=0)

    @property
    def basis_gates(self) -> list[str]:
        return sorted(self.backend.configuration().basis_gates)

    def noise_model(self):
        from qiskit_aer.noise import NoiseModel, ReadoutError, thermal_relaxation_error

        values = self.settings.calibration_values() or {}
        model = NoiseModel()
        for qubit in range(self.qubits):
            t1, t2 = values.get(f"t1_q{qubit}"), values.get(f"t2_q{qubit}")
            if t1 and t2:
                t2 = min(t2, 2 * t1)
                error = thermal_relaxation_error(t1, t2, SINGLE_QUBIT_GATE_SECONDS)
                model.add_quantum_error(error, ["sx", "x", "u", "u1", "u2", "u3", "rz", "h"], [qubit])
            fidelity = values.get(f"readout_fidelity_q{qubit}")
            if fidelity is not None and 0 <= fidelity <= 1:
                wrong = 1 - fidelity
                model.add_readout_error(ReadoutError([[fidelity, wrong], [wrong, fidelity]]), [qubit])
        return model

    def execute(self, payload: JobPayload) -> Any:
        circuits = [load_circuit(source) for source in payload.circuits]
        for source, circuit in zip(payload.circuits, circuits):
            if circuit.num_qubits > self.qubits:
                raise JobRefused(f"{source.file}: circuit '{source.name}' uses {circuit.num_qubits} qubits; "
                                 f"this executor offers {self.qubits}")
        compiled = self.pass_manager.run(circuits)
        return self.backend.run(compiled, shots=payload.shots, seed_simulator=payload.seed).result()

    def process_result(self, dataset: Any, job_id: str) -> dict:
        payload = self.current
        return result_dict(dataset, payload.circuits, payload.shots, payload.seed)
