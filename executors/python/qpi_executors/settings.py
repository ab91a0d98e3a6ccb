"""Executor options: command-line flags falling back to environment variables, with the
reference driver's names (QPU_NAME, DRIVER_BACKEND, QPI_DATA_DIR, QPI_JOB_TIMEOUT, …).

qpid exports QPU_NAME, DRIVER_BACKEND (the QPU line's Executor=) and QPI_DATA_DIR to
the executor it starts, so `ExecutorCommand="python3 -m qpi_executors"` needs no flags.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import re


class SettingsError(Exception):
    """A bad option or configuration file; the message names the option or file."""


_DURATION = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(ms|s|m|h)?\s*$")
_UNITS = {None: 1.0, "ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_duration(text: str, option: str) -> float:
    """Seconds from `10`, `2.5`, `500ms`, `30s`, `5m` or `1h`; a bare number is seconds,
    as the reference driver's --job-timeout reads it."""
    match = _DURATION.match(text)
    if not match:
        raise SettingsError(f"{option}: expected a duration such as 10, 30s, 5m or 500ms, not {text!r}")
    seconds = float(match.group(1)) * _UNITS[match.group(2)]
    if seconds <= 0:
        raise SettingsError(f"{option}: the duration must be positive, not {text!r}")
    return seconds


@dataclasses.dataclass
class ExecutorSettings:
    executor: str = "mock"
    name: str = "qpu_sim_01"
    data_dir: str = "bin/data"
    job_timeout: float = 10.0
    is_dummy: bool = False
    quantify_hardware_config: str = "quantify.hardware.json"
    quantify_device_config: str = "quantify.device.yml"
    qubits: int = 24
    max_shots: int = 10_000_000
    telemetry_interval: float | None = None
    calibration_file: str | None = None
    # Noise for qiskit_aer from the calibration values (T1, T2, readout fidelity).
    noise_from_calibration: bool = False

    def calibration_values(self) -> dict[str, float] | None:
        """The numbers in --calibration-file, read anew each time so an operator (or a
        calibration job) may rewrite it while the executor runs."""
        if not self.calibration_file:
            return None
        return load_calibration(self.calibration_file)


def load_calibration(path: str) -> dict[str, float]:
    try:
        with open(path, encoding="utf-8") as file:
            document = json.load(file)
    except OSError as error:
        raise SettingsError(f"--calibration-file {path}: {error.strerror}") from error
    except json.JSONDecodeError as error:
        raise SettingsError(f"--calibration-file {path}:{error.lineno}:{error.colno}: {error.msg}") from error
    if not isinstance(document, dict):
        raise SettingsError(f"--calibration-file {path}: expected a JSON object of name → number")
    values = {}
    for key, value in document.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise SettingsError(f"--calibration-file {path}: '{key}' must be a finite number, not {value!r}")
        values[str(key)] = float(value)
    return values


def _env(name: str, default):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m qpi_executors",
        description=(
            "Run a QPI executor: speaks the executor protocol (length-framed JSON) on standard "
            "input and output for qpid, which starts it from the QPU line's ExecutorCommand=. "
            "Logs go to standard error."
        ),
        epilog="Executors: mock, qiskit_aer, quantify, qblox, presto (a placeholder that refuses jobs).",
    )
    parser.add_argument("-e", "--executor", default=_env("DRIVER_BACKEND", "mock"),
                        help="executor backend (env DRIVER_BACKEND; default mock)")
    parser.add_argument("-n", "--name", default=_env("QPU_NAME", "qpu_sim_01"),
                        help="the QPU's name, for logs and the hello (env QPU_NAME)")
    parser.add_argument("-d", "--data-dir", default=_env("QPI_DATA_DIR", "bin/data"),
                        help="directory for datasets the executor keeps (env QPI_DATA_DIR; default bin/data)")
    parser.add_argument("--job-timeout", default=_env("QPI_JOB_TIMEOUT", "10"),
                        help="longest wait for a job's results from the instruments, as 10, 30s or 5m; "
                             "a bare number is seconds (env QPI_JOB_TIMEOUT; default 10). A job's own time "
                             "limit, sent by qpid, bounds it too")
    parser.add_argument("--is-dummy", action="store_true", default=_env("QPI_IS_DUMMY", "") in ("1", "true"),
                        help="quantify/qblox: run against a dummy Qblox cluster instead of hardware")
    parser.add_argument("--quantify-hardware-config",
                        default=_env("QPI_QUANTIFY_HARDWARE_CONFIG", "quantify.hardware.json"),
                        help="quantify/qblox hardware-layer config, JSON or YAML (env QPI_QUANTIFY_HARDWARE_CONFIG)")
    parser.add_argument("--quantify-device-config",
                        default=_env("QPI_QUANTIFY_DEVICE_CONFIG", "quantify.device.yml"),
                        help="quantify/qblox device-layer config, JSON or YAML (env QPI_QUANTIFY_DEVICE_CONFIG)")
    parser.add_argument("--qubits", type=int, default=None,
                        help="qubits announced for simulators (default 24; quantify/qblox count the device config's)")
    parser.add_argument("--max-shots", type=int, default=10_000_000, help="most shots per circuit accepted")
    parser.add_argument("--telemetry-interval", default=_env("QPI_TELEMETRY_INTERVAL", None),
                        help="send a calibration event this often (10, 30s, 5m); default: never")
    parser.add_argument("--calibration-file", default=_env("QPI_CALIBRATION_FILE", None),
                        help="JSON object of name → number (t1_q0, t2_q0, readout_fidelity_q0, …) reported "
                             "as calibration; read anew for each event")
    parser.add_argument("--noise-from-calibration", action="store_true",
                        help="qiskit_aer: simulate thermal relaxation and readout error from the calibration file")
    return parser


def settings_from_arguments(argv: list[str] | None = None) -> ExecutorSettings:
    arguments = argument_parser().parse_args(argv)
    settings = ExecutorSettings(
        executor=arguments.executor,
        name=arguments.name,
        data_dir=arguments.data_dir,
        job_timeout=parse_duration(str(arguments.job_timeout), "--job-timeout (QPI_JOB_TIMEOUT)"),
        is_dummy=arguments.is_dummy,
        quantify_hardware_config=arguments.quantify_hardware_config,
        quantify_device_config=arguments.quantify_device_config,
        max_shots=arguments.max_shots,
        calibration_file=arguments.calibration_file,
        noise_from_calibration=arguments.noise_from_calibration,
    )
    if arguments.qubits is not None:
        if arguments.qubits < 1:
            raise SettingsError(f"--qubits: expected a positive number, not {arguments.qubits}")
        settings.qubits = arguments.qubits
    if settings.max_shots < 1:
        raise SettingsError(f"--max-shots: expected a positive number, not {settings.max_shots}")
    if arguments.telemetry_interval is not None:
        settings.telemetry_interval = parse_duration(str(arguments.telemetry_interval), "--telemetry-interval")
    if settings.calibration_file:
        load_calibration(settings.calibration_file)
    if settings.noise_from_calibration and not settings.calibration_file:
        raise SettingsError("--noise-from-calibration needs --calibration-file")
    return settings
