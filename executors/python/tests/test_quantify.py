"""What the quantify/qblox executors do before any instrument is touched: config
loading, the dummy cluster's modules, counts keys, and refusing to start with the fix
when quantify-scheduler or qblox-scheduler is not installed."""

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from qpi_executors.quantify import dummy_modules, load_config, qiskit_key
from qpi_executors.settings import SettingsError

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "examples")


def test_the_example_configs_describe_a_dummy_cluster():
    hardware = load_config(os.path.join(EXAMPLES, "quantify.hardware.example.json"), "--quantify-hardware-config")
    assert dummy_modules(hardware, "--quantify-hardware-config") == {"cluster0": {2: "QCM_RF", 4: "QRM_RF", 10: "QCM"}}
    device = load_config(os.path.join(EXAMPLES, "quantify.device.example.json"), "--quantify-device-config")
    assert list(device["data"]["elements"]) == ["q0", "q1"]


def test_config_errors_name_option_file_and_line(tmp_path):
    broken = tmp_path / "hw.json"
    broken.write_text('{\n  "hardware_description": ,\n}')
    with pytest.raises(SettingsError, match=r"--quantify-hardware-config .*hw.json:2:\d+"):
        load_config(str(broken), "--quantify-hardware-config")
    with pytest.raises(SettingsError, match="--quantify-device-config .*missing.yml: No such file"):
        load_config(str(tmp_path / "missing.yml"), "--quantify-device-config")


def test_a_hardware_config_without_a_cluster_is_refused():
    with pytest.raises(SettingsError, match="lists no instrument of type Cluster"):
        dummy_modules({"hardware_description": {"lo0": {"instrument_type": "LocalOscillator"}}}, "--quantify-hardware-config")
    with pytest.raises(SettingsError, match="no 'hardware_description'"):
        dummy_modules({}, "--quantify-hardware-config")


def test_counts_keys_follow_qiskit():
    # clbits 0..2 in registers of 2 and 1: clbit 0 rightmost, last register leftmost.
    assert qiskit_key(["1", "0", "1"], [2, 1]) == "1 01"
    assert qiskit_key(["1", "1"], [2]) == "11"


@pytest.mark.skipif(importlib.util.find_spec("quantify_scheduler") is not None, reason="quantify-scheduler is installed")
def test_without_quantify_the_executor_says_what_to_install():
    completed = subprocess.run(
        [sys.executable, "-m", "qpi_executors", "--executor", "quantify", "--is-dummy",
         "--quantify-hardware-config", os.path.join(EXAMPLES, "quantify.hardware.example.json"),
         "--quantify-device-config", os.path.join(EXAMPLES, "quantify.device.example.json")],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "the quantify executor needs a package that is not installed" in completed.stderr
    assert "qpi-executors[quantify]" in completed.stderr or "pip install" in completed.stderr
