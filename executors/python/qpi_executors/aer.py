"""`qiskit_aer`: Qiskit Aer's simulator, with mid-circuit measurement and control flow.

With --noise-from-calibration, the calibration file's numbers become a noise model:
`t1_qN`/`t2_qN` (seconds) give thermal relaxation on the single-qubit gates of qubit N, and
`readout_fidelity_qN` a symmetric readout error.
"""

from __future__ import annotations

from typing import Any

from .base import JobPayload, JobRefused
from .qiskit_support import QiskitSimulatorExecutor

# Gate duration for the relaxation noise: a typical transmon single-qubit gate.
SINGLE_QUBIT_GATE_SECONDS = 50e-9

# Aer's simulation methods that sample measurements of ordinary circuits.
METHODS = ("automatic", "statevector", "density_matrix", "stabilizer", "matrix_product_state", "extended_stabilizer")


class QiskitAerExecutor(QiskitSimulatorExecutor):
    name = "qiskit_aer"
    mid_circuit_measurement = True
    accepted_options = {
        **QiskitSimulatorExecutor.accepted_options,
        "method": "Aer's simulation method: " + ", ".join(METHODS) + " (stabilizer runs Clifford circuits only)",
    }

    def __init__(self, settings):
        from qiskit_aer import AerSimulator

        self.settings = settings
        noise = self.noise_model() if settings.noise_from_calibration else None
        super().__init__(settings, AerSimulator(noise_model=noise) if noise is not None else AerSimulator())

    @property
    def basis_gates(self) -> list[str]:
        return sorted(self.backend.configuration().basis_gates)

    def run_options(self, payload: JobPayload) -> dict[str, Any]:
        method = payload.options.get("method")
        if method is None:
            return {}
        if method not in METHODS:
            raise JobRefused(
                f"invalid value '{method}' for executor option 'method': expected one of {', '.join(METHODS)}"
            )
        return {"method": method}

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
