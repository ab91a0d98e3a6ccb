"""QPIClient against a real cluster: jobs from submission to result, and errors."""

import json
import time

import pytest

from qpi_client import JobTimeoutError, QPIClient, QPIError

BELL = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n'
ONE = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\ncreg c[1];\nx q[0];\nmeasure q -> c;\n'


@pytest.fixture
def alice(cluster, alice_token):
    return QPIClient(cluster.url, alice_token)


def test_a_job_goes_from_submission_to_counts(alice):
    job = alice.submit_job(circuits=[{"circuit": BELL}, {"circuit": ONE}], shots=500, qpu="sim0", name="pair")
    assert job["name"] == "pair"
    assert alice.get_job(job)["id"] == job["id"]
    assert job["id"] in [j["id"] for j in alice.list_jobs()]

    done = alice.wait(job, timeout=60)
    assert done["state"] in ("COMPLETED", "CD")
    result = alice.get_result(done)
    bell, one = result["results"]
    assert set(bell["counts"]) <= {"00", "11"} and sum(bell["counts"].values()) == 500
    # A fair coin: 500 shots fall within ±5 sigma (±56) of 250 but for one run in 1.7 million.
    assert abs(bell["counts"].get("00", 0) - 250) < 56
    assert one["counts"] == {"1": 500}


def test_cancel_ends_a_pending_job(alice):
    job = alice.submit_job(circuits=[{"circuit": BELL}], shots=10, qpu="sim0", name="held", hold=True)
    assert job["state"] == "PENDING" and job["held"]
    cancelled = alice.cancel_job(job)
    assert cancelled["id"] == job["id"]
    ended = alice.wait(job, timeout=30)
    assert ended["state"] in ("CANCELLED", "CA")
    with pytest.raises(QPIError) as refused:
        alice.get_result(job)
    assert refused.value.status in (404, 409)


def test_wait_gives_up_after_its_timeout(alice):
    job = alice.submit_job(circuits=[{"circuit": BELL}], shots=10, qpu="sim0", name="held", hold=True)
    try:
        for timeout in (0.3, 1.5):
            started = time.monotonic()
            with pytest.raises(JobTimeoutError) as waited:
                alice.wait(job, timeout=timeout)
            assert f"still PENDING after {timeout} s" in str(waited.value)
            waited = time.monotonic() - started
            # The bound catches a wait that overran by a poll interval (10 s), not a slow reply.
            assert timeout <= waited < timeout + 5, f"waited {waited:.2f} s for a {timeout} s timeout"
    finally:
        alice.cancel_job(job)


def test_errors_carry_the_api_code_message_and_field(cluster, alice, bob_token):
    with pytest.raises(QPIError) as bad_qasm:
        alice.submit_job(circuits=[{"circuit": "OPENQASM 2.0;\nqreg q[1];\nfoo q[0];\n"}], shots=10)
    assert bad_qasm.value.status in (400, 422) and bad_qasm.value.code == "invalid_argument"
    assert "foo" in bad_qasm.value.message

    with pytest.raises(QPIError) as bad_shots:
        alice.submit_job(circuits=[{"circuit": BELL}], shots=-1)
    assert bad_shots.value.field == "shots"

    with pytest.raises(QPIError) as missing:
        alice.get_job(999999)
    assert (missing.value.status, missing.value.code) == (404, "not_found")

    with pytest.raises(QPIError) as anonymous:
        QPIClient(cluster.url).submit_job(circuits=[{"circuit": BELL}], shots=10)
    assert anonymous.value.status == 401

    with pytest.raises(QPIError) as forged:
        QPIClient(cluster.url, "qpi_1.not-the-secret").list_jobs()
    assert forged.value.status == 401

    job = alice.submit_job(circuits=[{"circuit": BELL}], shots=10, qpu="sim0")
    bob = QPIClient(cluster.url, bob_token)
    with pytest.raises(QPIError) as foreign:
        bob.cancel_job(job)
    assert foreign.value.status in (403, 404)

    with pytest.raises(QPIError) as unreachable:
        QPIClient("http://127.0.0.1:9", "x", timeout=2).list_jobs()
    assert unreachable.value.status is None and "cannot reach QPI" in str(unreachable.value)


def test_notifications_reach_their_users_until_dismissed(cluster, alice, alice_name, bob_token):
    created = cluster.command("qctl", ["notify", "create", "--title", "Welcome", "--message", "hello",
                                       "--user", alice_name, "--json"])
    notice = json.loads(created.stdout)
    assert [n["id"] for n in alice.notifications()] == [notice["id"]]
    assert QPIClient(cluster.url, bob_token).notifications() == []
    alice.dismiss_notification(notice["id"])
    assert alice.notifications() == []
