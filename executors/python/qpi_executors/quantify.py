"""`quantify` and `qblox`: circuits compiled to pulse schedules by quantify-scheduler (or
its successor qblox-scheduler) and played on a Qblox cluster, or on a dummy one with
--is-dummy.

The device config (--quantify-device-config, a QuantumDevice as JSON or YAML) names
the qubit elements: circuit qubit i runs on the i-th element in the file's order. The
hardware config (--quantify-hardware-config, JSON or YAML) describes the instruments;
with --is-dummy each Cluster it lists is simulated by qblox-instruments with the
modules it declares. Circuits are first rewritten by Qiskit into rx, ry, rz, cz,
measure and reset, which map onto the scheduler's Rxy, Rz, CZ, Measure and Reset.
Each shot's measurements are thresholded (ThresholdedAcquisition, appended per shot)
and become Qiskit counts in process_result.
"""

from __future__ import annotations

import importlib
import json
import math
import os
from typing import Any

from .base import Executor, JobPayload, JobRefused
from .qiskit_support import load_circuit
from .settings import ExecutorSettings, SettingsError

BASIS = ["rx", "ry", "rz", "cz", "measure", "reset"]


def load_config(path: str, option: str) -> dict:
    """A JSON or YAML config file as a dict; errors name the option, file and line."""
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read()
    except OSError as error:
        raise SettingsError(f"{option} {path}: {error.strerror}") from error
    if path.endswith((".yml", ".yaml")):
        try:
            import yaml
        except ImportError as error:
            raise SettingsError(f"{option} {path}: reading YAML needs PyYAML (pip install pyyaml)") from error
        try:
            document = yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
            raise SettingsError(f"{option} {path}{where}: {getattr(error, 'problem', error)}") from error
    else:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise SettingsError(f"{option} {path}:{error.lineno}:{error.colno}: {error.msg}") from error
    if not isinstance(document, dict):
        raise SettingsError(f"{option} {path}: expected a mapping at the top level")
    return document


def dummy_modules(hardware: dict, option: str) -> dict[str, dict[int, str]]:
    """Cluster name → {slot: module type} from the hardware description, for dummy clusters."""
    description = hardware.get("hardware_description")
    if not isinstance(description, dict):
        raise SettingsError(f"{option}: no 'hardware_description' mapping")
    clusters = {}
    for name, instrument in description.items():
        if not isinstance(instrument, dict) or instrument.get("instrument_type") != "Cluster":
            continue
        modules = instrument.get("modules") or {}
        try:
            clusters[name] = {int(slot): str(module["instrument_type"]) for slot, module in modules.items()}
        except (KeyError, TypeError, ValueError) as error:
            raise SettingsError(f"{option}: cluster '{name}' has a module without a slot number or "
                                f"instrument_type ({error})") from error
    if not clusters:
        raise SettingsError(f"{option}: the hardware description lists no instrument of type Cluster")
    return clusters


def qiskit_key(bits: list[str], registers: list[int]) -> str:
    """Qiskit's counts key: clbit 0 rightmost in its register, registers separated by a
    space, the last-declared register leftmost."""
    words, start = [], 0
    for size in registers:
        words.append("".join(reversed(bits[start:start + size])))
        start += size
    return " ".join(reversed(words))


class QuantifyExecutor(Executor):
    name = "quantify"
    #: The scheduler package: quantify-scheduler here, qblox-scheduler for `qblox`.
    scheduler = "quantify_scheduler"
    mid_circuit_measurement = True

    def __init__(self, settings: ExecutorSettings):
        super().__init__(settings)
        self.hardware = load_config(settings.quantify_hardware_config, "--quantify-hardware-config")
        self.clusters_described = dummy_modules(self.hardware, "--quantify-hardware-config")
        load_config(settings.quantify_device_config, "--quantify-device-config")
        modules = self.import_modules()
        device_path = settings.quantify_device_config
        loader = modules["QuantumDevice"].from_yaml_file if device_path.endswith((".yml", ".yaml")) else \
            modules["QuantumDevice"].from_json_file
        try:
            self.device = loader(device_path)
        except Exception as error:  # noqa: BLE001 - the scheduler's own validation errors
            raise SettingsError(f"--quantify-device-config {device_path}: {error}") from error
        self.elements = list(self.device.elements())
        if not self.elements:
            raise SettingsError(f"--quantify-device-config {device_path}: the device has no qubit elements")
        self.coordinator = modules["InstrumentCoordinator"](f"ic_{settings.name}", add_default_generic_icc=False)
        self.instruments = []
        for cluster_name, slots in self.clusters_described.items():
            cluster = self.open_cluster(modules, cluster_name, slots)
            self.instruments.append(cluster)
            self.coordinator.add_component(modules["ClusterComponent"](cluster))
        self.device.instr_instrument_coordinator(self.coordinator.name)
        self.device.hardware_config(self.hardware)

    def import_modules(self) -> dict[str, Any]:
        package = self.scheduler
        try:
            return {
                "QuantumDevice": importlib.import_module(f"{package}.device_under_test.quantum_device").QuantumDevice,
                "InstrumentCoordinator": importlib.import_module(f"{package}.instrument_coordinator")
                .InstrumentCoordinator,
                "ClusterComponent": importlib.import_module(f"{package}.instrument_coordinator.components.qblox")
                .ClusterComponent,
                "Schedule": importlib.import_module(package).Schedule,
                "SerialCompiler": importlib.import_module(f"{package}.backends").SerialCompiler,
                "gates": importlib.import_module(f"{package}.operations.gate_library"),
                "BinMode": importlib.import_module(f"{package}.enums").BinMode,
                "qblox_instruments": importlib.import_module("qblox_instruments"),
            }
        except ImportError as error:
            raise ImportError(f"{package} and qblox-instruments ({error})") from error

    def open_cluster(self, modules: dict, name: str, slots: dict[int, str]):
        instruments = modules["qblox_instruments"]
        if self.settings.is_dummy:
            types = {}
            for slot, kind in slots.items():
                cluster_type = getattr(instruments.ClusterType, f"CLUSTER_{kind}", None)
                if cluster_type is None:
                    raise SettingsError(f"--quantify-hardware-config: cluster '{name}' slot {slot}: "
                                        f"module type {kind} has no dummy in qblox-instruments")
                types[slot] = cluster_type
            return instruments.Cluster(name, dummy_cfg=types)
        address = (self.hardware["hardware_description"][name] or {}).get("ip")
        if not address:
            raise SettingsError(f"--quantify-hardware-config: cluster '{name}' has no 'ip'; give it, or run "
                                "with --is-dummy")
        return instruments.Cluster(name, identifier=address)

    @property
    def qubits(self) -> int:
        return len(self.elements)

    @property
    def basis_gates(self) -> list[str]:
        return [gate for gate in BASIS if gate not in ("measure", "reset")]

    def schedule(self, payload: JobPayload):
        """One schedule per circuit, with the clbit each acquisition fills."""
        from qiskit import transpile

        modules = self.import_modules()
        gates = modules["gates"]
        schedules = []
        for source in payload.circuits:
            circuit = load_circuit(source)
            if circuit.num_qubits > self.qubits:
                raise JobRefused(f"{source.file}: circuit '{source.name}' uses {circuit.num_qubits} qubits; the "
                                 f"device config has {self.qubits} ({', '.join(self.elements)})")
            if any(i.operation.name in ("if_else", "while_loop", "for_loop", "switch_case") for i in circuit.data):
                raise JobRefused(f"{source.file}: circuit '{source.name}' uses classical control flow, which "
                                 f"the {self.name} executor does not compile")
            compiled = transpile(circuit, basis_gates=BASIS, optimization_level=1, seed_transpiler=0)
            schedule = modules["Schedule"](source.name, repetitions=payload.shots)
            acquisitions: list[int] = []
            per_qubit: dict[str, int] = {}
            for instruction in compiled.data:
                kind = instruction.operation.name
                qubits = [self.elements[compiled.find_bit(q).index] for q in instruction.qubits]
                angle = [math.degrees(float(p)) for p in instruction.operation.params]
                if kind == "rx":
                    schedule.add(gates.Rxy(theta=angle[0], phi=0, qubit=qubits[0]))
                elif kind == "ry":
                    schedule.add(gates.Rxy(theta=angle[0], phi=90, qubit=qubits[0]))
                elif kind == "rz":
                    schedule.add(gates.Rz(theta=angle[0], qubit=qubits[0]))
                elif kind == "cz":
                    schedule.add(gates.CZ(qC=qubits[0], qT=qubits[1]))
                elif kind == "reset":
                    schedule.add(gates.Reset(qubits[0]))
                elif kind == "measure":
                    index = per_qubit.get(qubits[0], 0)
                    per_qubit[qubits[0]] = index + 1
                    schedule.add(gates.Measure(qubits[0], acq_index=index, acq_protocol="ThresholdedAcquisition",
                                               bin_mode=modules["BinMode"].APPEND))
                    acquisitions.append(compiled.find_bit(instruction.clbits[0]).index)
                elif kind != "barrier":
                    raise JobRefused(f"{source.file}: circuit '{source.name}': '{kind}' has no schedule operation")
            schedules.append((schedule, acquisitions, [register.size for register in compiled.cregs]))
        return schedules

    def execute(self, payload: JobPayload) -> Any:
        modules = self.import_modules()
        compiler = modules["SerialCompiler"](name=f"compiler_{payload.job_id}", quantum_device=self.device)
        timeout = min(self.settings.job_timeout, payload.time_limit or math.inf)
        datasets = []
        for schedule, acquisitions, registers in self.schedule(payload):
            compiled = compiler.compile(schedule=schedule)
            self.coordinator.prepare(compiled)
            self.coordinator.start()
            self.coordinator.wait_done(timeout_sec=timeout)
            datasets.append((self.coordinator.retrieve_acquisition(), acquisitions, registers))
            self.coordinator.stop()
        os.makedirs(self.settings.data_dir, exist_ok=True)
        return datasets

    def process_result(self, dataset: Any, job_id: str) -> dict:
        """Counts from thresholded acquisitions: one value per shot and acquisition, in
        schedule order, each written to the clbit its `measure` named."""
        import numpy as np

        payload = self.current
        results = []
        for source, (data, acquisitions, registers) in zip(payload.circuits, dataset):
            values = [np.asarray(data[variable].values).reshape(payload.shots, -1) for variable in data.data_vars]
            shots = np.concatenate(values, axis=1) if values else np.zeros((payload.shots, 0))
            counts: dict[str, int] = {}
            for row in shots:
                bits = ["0"] * sum(registers)
                for value, clbit in zip(row, acquisitions):
                    bits[clbit] = "1" if value == 1 else "0"
                key = qiskit_key(bits, registers)
                counts[key] = counts.get(key, 0) + 1
            results.append({"name": source.name, "counts": counts, "shots": payload.shots})
        return {"results": results}

    def close(self) -> None:
        for instrument in self.instruments:
            instrument.close()
        self.coordinator.close()
