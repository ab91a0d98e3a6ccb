"""`mock`: Qiskit's BasicSimulator, pure Python, no native dependencies beyond Qiskit.
It runs no classical control flow; such circuits are refused with a message."""

from __future__ import annotations

from .qiskit_support import QiskitSimulatorExecutor


class MockExecutor(QiskitSimulatorExecutor):
    name = "mock"
    mid_circuit_measurement = False

    def __init__(self, settings):
        from qiskit.providers.basic_provider import BasicSimulator

        super().__init__(settings, BasicSimulator())

    @property
    def basis_gates(self) -> list[str]:
        return sorted(self.backend.target.operation_names)
