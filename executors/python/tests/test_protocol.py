"""The package's own logic, without a cluster: framing, options, job splitting, and the
server loop driven through in-memory streams."""

import io
import json
import struct

import pytest

from qpi_executors import executor_class
from qpi_executors.base import Executor, JobPayload, JobRefused, split_circuits
from qpi_executors.protocol import ProtocolError, encode, read_message
from qpi_executors.server import normalize, serve
from qpi_executors.settings import ExecutorSettings, SettingsError, parse_duration, settings_from_arguments

BELL = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n'


def frames(*messages):
    return io.BytesIO(b"".join(encode(m) for m in messages))


def replies(output):
    stream = io.BytesIO(output.getvalue())
    out = []
    while (message := read_message(stream)) is not None:
        out.append(message)
    return out


def test_frames_round_trip_and_refuse_oversized_and_garbage():
    assert read_message(frames({"type": "run", "job_id": 1})) == {"type": "run", "job_id": 1}
    assert read_message(io.BytesIO(b"")) is None
    with pytest.raises(ProtocolError, match="over the limit"):
        read_message(io.BytesIO(struct.pack(">I", 100) + b"x" * 100), max_frame_size=10)
    with pytest.raises(ProtocolError, match="not UTF-8 JSON"):
        read_message(io.BytesIO(struct.pack(">I", 5) + b"hello"))
    with pytest.raises(ProtocolError, match="inside a frame"):
        read_message(io.BytesIO(b"\x00\x00"))


def test_durations_read_bare_numbers_as_seconds():
    assert parse_duration("10", "--job-timeout") == 10
    assert parse_duration("500ms", "--job-timeout") == 0.5
    assert parse_duration("5m", "--job-timeout") == 300
    with pytest.raises(SettingsError, match="--job-timeout: expected a duration"):
        parse_duration("soon", "--job-timeout")


def test_options_fall_back_to_the_reference_environment(monkeypatch):
    monkeypatch.setenv("DRIVER_BACKEND", "qiskit_aer")
    monkeypatch.setenv("QPU_NAME", "aer0")
    monkeypatch.setenv("QPI_DATA_DIR", "/srv/data")
    monkeypatch.setenv("QPI_JOB_TIMEOUT", "30s")
    settings = settings_from_arguments([])
    assert (settings.executor, settings.name, settings.data_dir, settings.job_timeout) == (
        "qiskit_aer", "aer0", "/srv/data", 30)
    assert settings_from_arguments(["-e", "mock", "-n", "m0"]).executor == "mock"


def test_bad_calibration_file_names_file_and_position(tmp_path):
    path = tmp_path / "cal.json"
    path.write_text('{"t1_q0": 5e-5,\n "t2_q0": }')
    with pytest.raises(SettingsError, match=r"cal.json:2:\d+"):
        settings_from_arguments(["--calibration-file", str(path)])
    path.write_text('{"t1_q0": "long"}')
    with pytest.raises(SettingsError, match="'t1_q0' must be a finite number"):
        settings_from_arguments(["--calibration-file", str(path)])


def test_unknown_executor_lists_the_built_in_ones():
    with pytest.raises(SettingsError, match="unknown executor 'nope'.*mock, qiskit_aer, quantify, qblox, presto"):
        executor_class("nope")


def test_scripts_split_into_circuits_named_as_qpid_names_them():
    text = "// QPI --shots=10\n" + BELL + BELL
    circuits = split_circuits("jobs/bell.qasm", text)
    assert [c.name for c in circuits] == ["bell", "bell_1"]
    assert [c.first_line for c in circuits] == [2, 9]
    assert circuits[0].text.startswith("OPENQASM 2.0;")


class Echo(Executor):
    """Answers every circuit with all shots on '0', or fails on request."""

    name = "echo"
    accepted_options = {"fail": "fail the job as a broken instrument would"}

    def execute(self, payload: JobPayload):
        if payload.options.get("fail"):
            raise RuntimeError("instrument on fire")
        return payload

    def process_result(self, dataset, job_id):
        return {"results": [{"counts": {"0": dataset.shots}} for _ in dataset.circuits]}


def run_message(job_id=1, shots=5, **extra):
    return {"type": "run", "job_id": job_id, "circuits": [{"name": "a.qasm", "text": BELL}], "shots": shots, **extra}


def test_server_answers_each_job_and_fails_only_the_bad_one(tmp_path):
    calibration = tmp_path / "cal.json"
    calibration.write_text(json.dumps({"t1_q0": 5e-5}))
    executor = Echo(ExecutorSettings(calibration_file=str(calibration), telemetry_interval=60, max_shots=100))
    output = io.BytesIO()
    stdin = frames(run_message(1), run_message(2, options={"fail": "1"}), run_message(3, shots=1000),
                   {"type": "noise"}, run_message(4, shots=0))
    assert serve(executor, stdin, output) == 0
    messages = replies(output)
    assert messages[0]["type"] == "hello" and messages[0]["name"] == "echo" and messages[0]["protocol"] == 1
    events = [m for m in messages if m["type"] == "event"]
    assert events and events[0] == {"type": "event", "kind": "calibration", "data": {"t1_q0": 5e-5}}
    answers = [m for m in messages if m["type"] in ("result", "error")]
    assert answers[0]["type"] == "result" and answers[0]["results"][0]["counts"] == {"0": 5}
    assert answers[0]["results"][0]["name"] == "a" and answers[0]["device_seconds"] >= 0
    assert answers[1] == {"type": "error", "job_id": 2, "message": "echo executor: RuntimeError: instrument on fire"}
    assert answers[2]["type"] == "error" and "over this executor's limit of 100" in answers[2]["message"]
    assert answers[3]["type"] == "error" and "shots must be a positive" in answers[3]["message"]


def test_server_stops_on_garbage_input():
    executor = Echo(ExecutorSettings())
    assert serve(executor, io.BytesIO(b"garbage!"), io.BytesIO()) == 2


def test_process_result_must_match_the_circuits():
    payload = JobPayload.from_message(run_message())
    with pytest.raises(JobRefused, match="2 results for 1 circuits"):
        normalize({"results": [{"counts": {}}, {"counts": {}}]}, payload)
    with pytest.raises(JobRefused, match="counts of circuit 'a' are not outcome"):
        normalize({"counts": {"0": "many"}}, payload)
    assert normalize({"counts": {"00": 5}, "shots": 5}, payload)[0]["name"] == "a"


def test_presto_refuses_with_a_reason():
    presto = executor_class("presto")(ExecutorSettings())
    output = io.BytesIO()
    serve(presto, frames(run_message()), output)
    error = replies(output)[1]
    assert error["type"] == "error" and "placeholder" in error["message"]
