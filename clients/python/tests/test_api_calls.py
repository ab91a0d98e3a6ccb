"""QPIClient's calls beyond jobs, against a real cluster: login, tokens, bookings, time
requests, notifications, QPUs and users, as the JavaScript client has them; and Qiskit
circuits submitted as they are."""

import datetime
import threading
import time

import pytest

from qpi_client import QPIClient, QPIError, parse_time

BELL = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n'


@pytest.fixture
def alice(cluster, alice_token):
    return QPIClient(cluster.url, alice_token)


@pytest.fixture
def bob(cluster, bob_token):
    return QPIClient(cluster.url, bob_token)


@pytest.fixture
def admin(cluster, admin_token):
    return QPIClient(cluster.url, admin_token)


def refusal(call, *args, **kwargs):
    """The QPIError ``call`` raises; fails the test when it returns."""
    with pytest.raises(QPIError) as raised:
        call(*args, **kwargs)
    return raised.value


def test_login_gives_a_session_and_a_wrong_password_is_refused(cluster, admin, users):
    bob_name = users[1]
    admin.set_user_password(bob_name, "correct horse battery staple")
    client = QPIClient(cluster.url)
    wrong = refusal(client.login, bob_name, "wrong password")
    assert (wrong.status, wrong.code) == (401, "unauthenticated")
    assert client.api_token is None

    session = client.login(bob_name, "correct horse battery staple")
    assert session["user"] == bob_name and session["is_admin"] is False
    assert parse_time(session["expires_at"]).timestamp() > time.time() and client.api_token == session["token"]
    assert client.me()["user"] == bob_name
    # A login's token may not leave a lasting API token behind.
    assert refusal(client.create_token, "from-a-session").status == 403


def test_sign_in_methods_are_listed_and_an_unknown_login_code_is_refused(cluster):
    client = QPIClient(cluster.url)
    assert client.auth_methods() == {"password": True, "oauth2": []}
    # Without OAuth2Providers there is no sign-in to finish.
    missing = refusal(client.exchange_login_code, "not-a-code")
    assert (missing.status, missing.code) == (404, "not_found") and client.api_token is None


def test_tokens_are_made_listed_renamed_and_revoked(cluster, alice, alice_name):
    created = alice.create_token("py-made", expires_in_seconds=3600)
    info = created["info"]
    assert info["user"] == alice_name and info["name"] == "py-made" and info["expires_at"] is not None
    assert info["id"] in [token["id"] for token in alice.list_tokens()]
    assert alice.get_token(info["id"])["name"] == "py-made"

    renamed = alice.update_token(info, name="py-renamed", never_expires=True)
    assert renamed["name"] == "py-renamed" and renamed["expires_at"] is None

    fresh = QPIClient(cluster.url, created["token"])
    assert fresh.me()["user"] == alice_name
    revoked = alice.delete_token(info)
    assert revoked["revoked_at"] is not None
    assert refusal(fresh.me).status == 401


def test_bookings_are_seen_by_all_refuse_overlaps_and_are_cancelled_by_their_owner(alice, bob, alice_name):
    start = datetime.datetime.now().replace(microsecond=0) + datetime.timedelta(days=3)
    slot = alice.book_slot(qpu="sim0", start=start, end=start.timestamp() + 3600, name="py")
    assert slot["user"] == alice_name and slot["qpu"] == "sim0" and slot["name"] == "py"
    # Times come back as RFC 3339 text in UTC.
    assert slot["start"] == start.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert parse_time(slot["end"]) == start.astimezone() + datetime.timedelta(hours=1)
    assert slot["id"] in [s["id"] for s in bob.list_slots()]
    assert alice.get_slot(slot["id"])["id"] == slot["id"]

    overlap = refusal(bob.book_slot, qpu="sim0", start=start + datetime.timedelta(minutes=10),
                      end=start + datetime.timedelta(minutes=20))
    assert (overlap.status, overlap.code) == (409, "conflict")
    assert refusal(bob.cancel_slot, slot).status in (403, 404)
    alice.cancel_slot(slot)
    assert slot["id"] not in [s["id"] for s in alice.list_slots(qpu="sim0")]


def test_a_time_request_is_decided_by_an_admin_only(alice, bob, admin, alice_name):
    request = alice.request_time(120, "py test")
    assert (request["state"], request["seconds"], request["user"]) == ("PENDING", 120, alice_name)
    assert request["id"] in [r["id"] for r in alice.list_time_requests()]
    assert request["id"] not in [r["id"] for r in bob.list_time_requests()]
    assert request["id"] in [r["id"] for r in admin.list_time_requests(all=True)]

    assert refusal(alice.decide_time_request, request, approve=True).status == 403
    decided = admin.decide_time_request(request, approve=False, note="not now")
    assert decided["request"]["state"] == "REJECTED" and decided["request"]["note"] == "not now"
    assert refusal(admin.decide_time_request, request, approve=True).status == 409


def test_notifications_are_made_changed_and_deleted_by_admins(alice, bob, admin, alice_name):
    assert refusal(alice.create_notification, "x", "y").status == 403
    note = admin.create_notification("maintenance", "sim0 down at noon", level="warning", users=[alice_name],
                                     ends_at=datetime.datetime.now() + datetime.timedelta(days=1))
    assert note["level"] == "warning" and note["users"] == [alice_name] and note["ends_at"] is not None
    assert note["id"] in [n["id"] for n in alice.list_notifications()]
    assert note["id"] not in [n["id"] for n in bob.list_notifications()]

    changed = admin.update_notification(note, title="maintenance moved", users=None, ends_at=None)
    assert changed["title"] == "maintenance moved" and changed["users"] is None and changed["ends_at"] is None
    assert changed["message"] == "sim0 down at noon"
    assert note["id"] in [n["id"] for n in bob.list_notifications()], "a broadcast reaches bob"
    with pytest.raises(TypeError):
        admin.update_notification(note, colour="red")

    admin.delete_notification(note)
    assert note["id"] not in [n["id"] for n in bob.list_notifications()]
    assert note["id"] not in [n["id"] for n in admin.list_notifications(all=True)]


def test_qpus_are_shown_and_toggled_by_admins(alice, admin):
    assert alice.get_qpu("sim0")["name"] == "sim0"
    assert refusal(alice.get_qpu, "nope").status == 404
    assert refusal(alice.toggle_qpu, "sim0", enabled=False).status == 403
    assert refusal(alice.create_qpu, "remote9", qubits=2, executor="sim").status == 403
    try:
        disabled = admin.toggle_qpu("sim0", enabled=False, reason="py test")
        assert disabled["state"] == "DISABLED" and disabled["reason"] == "py test"
        job = alice.submit_job(BELL, shots=10, qpu="sim0")
        assert alice.get_job(job)["state"] == "PENDING"
        alice.cancel_job(job)
    finally:
        assert admin.toggle_qpu("sim0", enabled=True)["state"] != "DISABLED"
    assert isinstance(alice.get_telemetry("sim0", since=0, limit=5), list)


def test_a_registered_qpu_comes_with_the_lines_that_start_its_node(admin):
    created = admin.create_qpu("remote9", qubits=2, executor="sim", controller="ctl.example:6817")
    assert created["node_command"] == (
        f"QPID_TOKEN={created['token']} qpid --controller ctl.example:6817"
        f" --ca-fingerprint {created['ca_fingerprint']} --executor sim")
    assert "systemctl enable --now qpid@remote9.service" in created["node_setup"]
    assert refusal(admin.create_qpu, "remote8", qubits=2, executor="sim", controller="h:1;reboot").field == "controller"


def test_admins_set_balances(admin, bob, users):
    bob_name = users[1]
    assert admin.set_user_seconds(bob_name, 300)["balance"] == 300
    assert admin.add_user_seconds(bob_name, 60)["balance"] == 360
    assert bob_name in [u["user"] for u in admin.list_users()]
    assert admin.set_user_seconds(bob_name, None)["balance"] is None
    assert refusal(bob.list_users).status == 403


def test_submit_job_takes_qiskit_circuits(alice):
    qiskit = pytest.importorskip("qiskit")
    bell = qiskit.QuantumCircuit(2, 2, name="bell")
    bell.h(0)
    bell.cx(0, 1)
    bell.measure([0, 1], [0, 1])
    flip = qiskit.QuantumCircuit(1, 1)
    flip.x(0)
    flip.measure(0, 0)

    job = alice.submit_job([bell, flip], shots=200, qpu="sim0")
    assert job["circuit_count"] == 2
    done = alice.wait(job, timeout=60)
    assert done["state"] == "COMPLETED", done
    first, second = alice.get_result(job)["results"]
    assert set(first["counts"]) <= {"00", "11"} and sum(first["counts"].values()) == 200
    assert second["counts"] == {"1": 200}

    single = alice.submit_job(bell, shots=20, qpu="sim0")
    assert alice.wait(single, timeout=60)["state"] == "COMPLETED"

    # OpenQASM 2 cannot express control flow: this one goes out as OpenQASM 3.
    feedback = qiskit.QuantumCircuit(2, 2)
    feedback.x(0)
    feedback.measure(0, 0)
    with feedback.if_test((feedback.clbits[0], 1)):
        feedback.x(1)
    feedback.measure(1, 1)
    job = alice.submit_job(feedback, shots=30, qpu="sim0")
    assert alice.wait(job, timeout=60)["state"] == "COMPLETED"
    assert alice.get_result(job)["results"][0]["counts"] == {"11": 30}
    with pytest.raises(TypeError, match="OpenQASM text or a Qiskit QuantumCircuit"):
        alice.submit_job([42])


def test_the_event_stream_reports_a_job_until_it_completes(alice):
    stream = alice.events()
    job = alice.submit_job(BELL, shots=20, qpu="sim0")
    states, qpus = [], set()

    def follow():
        for event in stream:
            if event["event"] == "qpu":
                qpus.add(event["data"]["name"])
            if event["event"] == "job" and event["data"]["id"] == job["id"]:
                states.append(event["data"]["state"])
                if event["data"]["state"] == "COMPLETED":
                    return

    # The stream blocks between events: it is read in a thread so the wait has a bound.
    reader = threading.Thread(target=follow, daemon=True)
    reader.start()
    reader.join(60)
    stream.close()
    assert not reader.is_alive(), f"no COMPLETED event for job {job['id']} within 60 s; states seen: {states}"
    assert states[-1] == "COMPLETED" and qpus <= {"sim0"}, (states, qpus)


def test_a_ninth_event_stream_is_refused(bob):
    streams = [bob.events() for _ in range(8)]
    try:
        ninth = refusal(bob.events)
        assert (ninth.status, ninth.code) == (429, "rate_limited")
    finally:
        for stream in streams:
            stream.close()


def test_times_are_read_and_sent_as_rfc_3339():
    utc = datetime.timezone.utc
    assert parse_time("2026-12-06T23:35:01.250Z") == datetime.datetime(2026, 12, 6, 23, 35, 1, 250000, tzinfo=utc)
    assert parse_time("2026-12-07T00:35:01+01:00") == datetime.datetime(2026, 12, 6, 23, 35, 1, tzinfo=utc)
    assert parse_time(None) is None
    from qpi_client.client import _rfc3339
    assert _rfc3339(1796600101.25) == "2026-12-06T23:35:01.250Z"
    assert _rfc3339(datetime.datetime(2026, 12, 7, 0, 35, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))) \
        == "2026-12-06T23:35:01.000Z"
    with pytest.raises(TypeError):
        _rfc3339("tomorrow")
