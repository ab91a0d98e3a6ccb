"""A job's executor options (`qsub --executor-option KEY=VALUE`): each executor reads the
keys it documents and fails a job that gives another, naming it and the keys accepted."""

import pytest

from qpi_executors import executor_class
from qpi_executors.server import run_job
from qpi_executors.settings import ExecutorSettings

BELL = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n'
# T is not a Clifford gate: the stabilizer method cannot run it.
T_GATE = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\ncreg c[1];\nh q[0];\nt q[0];\nmeasure q -> c;\n'


def run(executor, options, text=BELL, seed=None):
    message = {"type": "run", "job_id": 7, "circuits": [{"name": "a.qasm", "text": text}], "shots": 200,
               "seed": seed, "options": options}
    return run_job(executor, message)


@pytest.fixture(scope="module", params=["mock", "qiskit_aer"])
def simulator(request):
    return executor_class(request.param)(ExecutorSettings())


@pytest.fixture(scope="module")
def aer():
    return executor_class("qiskit_aer")(ExecutorSettings())


def test_a_seed_option_makes_runs_repeat_and_overrides_the_job_seed(simulator):
    first = run(simulator, {"seed": "1234"}, seed=1)
    second = run(simulator, {"seed": "1234"}, seed=2)
    assert first["type"] == "result", first
    assert first["results"][0]["counts"] == second["results"][0]["counts"]
    assert first["results"][0]["seed"] == 1234
    assert run(simulator, {}, seed=99)["results"][0]["seed"] == 99


def test_unknown_keys_fail_the_job_naming_the_key_and_those_accepted(simulator):
    answer = run(simulator, {"shots_per_second": "5"})
    assert answer["type"] == "error", answer
    assert answer["job_id"] == 7
    assert "unknown executor option 'shots_per_second'" in answer["message"]
    assert f"the {simulator.name} executor accepts" in answer["message"]
    assert "seed" in answer["message"]


def test_a_bad_seed_names_the_option(simulator):
    answer = run(simulator, {"seed": "-3"})
    assert answer["type"] == "error"
    assert "invalid value '-3' for executor option 'seed'" in answer["message"]


def test_aer_lists_method_and_runs_the_method_asked_for(aer):
    assert "method" in run(aer, {"nope": "1"})["message"]
    assert run(aer, {"method": "statevector"}, text=T_GATE)["type"] == "result"
    # The same circuit under the stabilizer method is refused by Aer: the option reached it.
    refused = run(aer, {"method": "stabilizer"}, text=T_GATE)
    assert refused["type"] == "error", refused
    assert "circuit 'a'" in refused["message"] and "stabilizer" in refused["message"]
    assert run(aer, {"method": "stabilizer"})["type"] == "result"


def test_aer_refuses_an_unknown_method_listing_the_methods(aer):
    answer = run(aer, {"method": "quantum_magic"})
    assert answer["type"] == "error"
    assert "invalid value 'quantum_magic' for executor option 'method'" in answer["message"]
    assert "matrix_product_state" in answer["message"]


def test_mock_accepts_no_method():
    mock = executor_class("mock")(ExecutorSettings())
    answer = run(mock, {"method": "statevector"})
    assert answer["message"] == "unknown executor option 'method': the mock executor accepts seed"
